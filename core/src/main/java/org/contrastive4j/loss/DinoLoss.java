package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.Scoped;

/**
 * The DINO self-distillation loss (Caron et al. 2021, "Emerging Properties in Self-Supervised
 * Vision Transformers"). The teacher's outputs on the Vt global views are centred and sharpened,
 * {@code P_t = softmax((t - C) / tau_t)} (no gradient), and every student view v, scored as
 * {@code log softmax(s_v / tau_s)}, is pulled towards every teacher view other than its own:
 *
 * <pre>  L = 1/|pairs| sum_{t &lt; Vt} sum_{v &lt; Vs, v != t} mean_n ( -sum_k P_t[n,k] log P_s,v[n,k] )</pre>
 *
 * The first Vt student views are the same global crops the teacher saw. The centre is then
 * moved towards the teacher's batch mean: {@code C <- m C + (1 - m) mean(t)}, m = 0.9; it is
 * returned (in the teacher's manager), not stored, so the caller owns the state.
 */
public final class DinoLoss {
    public static final double DEFAULT_STUDENT_TEMP = 0.1;
    public static final double DEFAULT_CENTER_MOMENTUM = 0.9;

    /** The loss and the centre to use at the next step. */
    public record Result(NDArray loss, NDArray newCenter) {}

    private final double studentTemp;
    private final double centerMomentum;

    public DinoLoss() {
        this(DEFAULT_STUDENT_TEMP, DEFAULT_CENTER_MOMENTUM);
    }

    public DinoLoss(double studentTemp, double centerMomentum) {
        this.studentTemp = Checks.positive("student_temp", studentTemp);
        if (!(centerMomentum >= 0 && centerMomentum <= 1)) {
            throw new InvalidInputException("'center_momentum' must be in [0, 1], got " + centerMomentum);
        }
        this.centerMomentum = centerMomentum;
    }

    /**
     * @param student [Vs][N][K] student outputs, global views first
     * @param teacher [Vt][N][K] teacher outputs on the global views
     * @param center [1][K] the running centre
     * @param teacherTemp the teacher temperature at this step (0.04 warming up to 0.07)
     */
    public Result forward(NDArray student, NDArray teacher, NDArray center, double teacherTemp) {
        Checks.positive("teacher_temp", teacherTemp);
        Checks.rank("student", student, 3);
        Checks.rank("teacher", teacher, 3);
        Checks.rank("center", center, 2);
        Checks.sameDim("student", student, 1, "teacher", teacher, 1, "the batch size N");
        Checks.sameDim("student", student, 2, "teacher", teacher, 2, "the output size K");
        Checks.sameDim("center", center, 1, "teacher", teacher, 2, "the output size K");
        if (center.getShape().get(0) != 1) {
            throw new InvalidInputException("input 'center' must be [1][K], got " + Checks.describe(center.getShape()));
        }
        long vs = student.getShape().get(0);
        long vt = teacher.getShape().get(0);
        long n = student.getShape().get(1);
        long k = student.getShape().get(2);
        if (vt > vs) {
            throw new InvalidInputException("the teacher has " + vt + " views but the student only " + vs
                    + "; the student's first views must be the teacher's global views");
        }
        if (vs < 2) {
            throw new InvalidInputException("DINO needs at least 2 student views: a view is never compared with itself");
        }

        NDArray fixedCenter = Scoped.detachedLike(center, teacher);
        NDArray teacherProb = teacher.stopGradient().sub(fixedCenter).div(teacherTemp).softmax(2);
        NDArray studentLogProb = student.div(studentTemp).logSoftmax(2);
        // cross[t][v] = -1/N sum_n sum_k P_t[n,k] log P_s,v[n,k], all pairs in one matrix product.
        NDArray cross = teacherProb.reshape(vt, n * k).matMul(studentLogProb.reshape(vs, n * k).transpose()).div(-n);
        boolean[] use = new boolean[Math.toIntExact(vt * vs)];
        int pairs = 0;
        for (int t = 0; t < vt; t++) {
            for (int v = 0; v < vs; v++) {
                use[Math.toIntExact(t * vs + v)] = v != t;
                pairs += v != t ? 1 : 0;
            }
        }
        NDArray mask = student.getManager().create(use).reshape(vt, vs);
        NDArray loss = org.contrastive4j.tensor.CrossEntropy.zeroOutside(cross, mask).sum().div(pairs);

        NDArray batchMean = teacher.stopGradient().reshape(vt * n, k).mean(new int[] {0}, true);
        NDArray newCenter = batchMean.mul(1 - centerMomentum).add(fixedCenter.mul(centerMomentum));
        Checks.finiteResult(loss, "DINO loss", "student", student, "teacher", teacher, "center", center);
        return new Result(loss, newCenter);
    }
}
