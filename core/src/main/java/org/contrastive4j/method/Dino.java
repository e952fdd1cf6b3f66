package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.AugmentConfig;
import org.contrastive4j.augment.RandomResizedCrop;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.DinoHead;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.loss.DinoLoss;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.Scoped;
import org.contrastive4j.train.Ema;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DINO (Caron et al. 2021): a student and a teacher with the same architecture (ResNet + DINO
 * head); the teacher is the EMA of the student, momentum 0.996 -> 1 on a cosine schedule, and
 * sees only the global crops, the student every crop. The teacher's outputs are centred
 * (centre momentum 0.9) and sharpened (temperature warming up linearly from 0.04 to 0.07),
 * the student's at 0.1. Crops of one size go through the network together, so batch norm sees
 * a whole batch of one resolution. The teacher is the network evaluated, as in the paper.
 *
 * <p>Two collapse indicators are logged: the mean entropy of the teacher's centred, sharpened
 * output (collapse to one prototype drives it to 0; to the uniform distribution, to log K), and
 * the standard deviation across the batch of the teacher's L2-normalised representation, mean
 * over dimensions (0 when every image maps to one point; about 1/sqrt(d) when spread).
 */
public final class Dino implements Trainer.Objective<ViewBatch>, Trainable {

    /** The recipe: encoder, head, temperatures, schedules, crops. */
    public record Config(SmallResNet.Config encoder, int headHidden, int bottleneck, int outputs, double studentTemp,
                         double teacherTempStart, double teacherTempEnd, long teacherTempWarmupSteps, double momentumStart,
                         double centerMomentum, long totalSteps, int globalCrops, int localCrops, int localSize,
                         AugmentConfig augment, long freezePrototypeSteps) {
        public Config {
            Checks.positive("student_temp", studentTemp);
            Checks.positive("warmup_teacher_temp", teacherTempStart);
            Checks.positive("teacher_temp", teacherTempEnd);
            if (!(momentumStart >= 0 && momentumStart <= 1)) {
                throw new InvalidInputException("the teacher momentum must be in [0, 1], got " + momentumStart);
            }
            if (outputs < 1) {
                throw new InvalidInputException("DINO needs at least one prototype, got " + outputs);
            }
            if (freezePrototypeSteps < 0) {
                throw new InvalidInputException("the prototype freeze must be 0 or more steps, got " + freezePrototypeSteps);
            }
        }

        /** The paper's temperatures and momenta, scaled-down head and crops for 28-32 px images. */
        public static Config defaults(SmallResNet.Config encoder, long totalSteps, AugmentConfig augment) {
            return new Config(encoder, 256, 64, 1024, 0.1, 0.04, 0.07, Math.max(1, totalSteps * 3 / 10), 0.996, 0.9,
                    totalSteps, 2, 4, Math.max(8, augment.size() * 3 / 7), augment, 0);
        }
    }

    private final ImageModel student;
    private final ImageModel teacher;
    private final Parameter prototypes;
    private final Config config;
    private final DinoLoss loss;
    private final ViewGenerator views;
    private NDArray center;
    private NDArray nextCenter;
    private double teacherEntropy = Double.NaN;
    private double teacherStd = Double.NaN;

    /** Takes ownership of neither model; the teacher starts as the student's copy. */
    public Dino(ImageModel student, ImageModel teacher, Config config) {
        if (config.globalCrops() < 1 || config.globalCrops() + config.localCrops() < 2) {
            throw new InvalidInputException("DINO needs at least one global crop and two crops in all");
        }
        this.student = student;
        this.teacher = teacher;
        this.config = config;
        this.prototypes = student.parameter(DinoHead.PROTOTYPES);
        MoCo.copyWeights(student, teacher);
        this.loss = new DinoLoss(config.studentTemp(), config.centerMomentum());
        this.center = student.manager().zeros(new Shape(1, config.outputs()), DataType.FLOAT32);
        AugmentConfig a = config.augment();
        this.views = ViewGenerator.multiCrop(a.build(new RandomResizedCrop(a.size(), Math.max(a.cropMinScale(), 0.25))),
                config.globalCrops(), a.build(new RandomResizedCrop(config.localSize(), 0.05, 0.25, 3.0 / 4, 4.0 / 3)),
                config.localCrops());
    }

    public static ImageModel newModel(Config config, int[] inputShape, long seed) {
        return ImageModel.create(config.encoder(), new DinoHead(config.headHidden(), config.bottleneck(), config.outputs()),
                inputShape, seed);
    }

    public ViewGenerator views() {
        return views;
    }

    public NDArray center() {
        return center;
    }

    /** The teacher temperature at {@code step}: linear warm-up, then constant. */
    public double teacherTemp(long step) {
        if (step >= config.teacherTempWarmupSteps()) {
            return config.teacherTempEnd();
        }
        return config.teacherTempStart()
                + (config.teacherTempEnd() - config.teacherTempStart()) * step / (double) config.teacherTempWarmupSteps();
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        int n = batch.size();
        int globals = config.globalCrops();
        int locals = config.localCrops();
        NDArray globalImages = concat(step, batch, 0, globals);
        NDArray teacherRepr = teacher.represent(globalImages, true).stopGradient();
        NDArray teacherOut = teacher.projectRepresentation(teacherRepr, true).stopGradient();
        NDArray studentOut = student.project(globalImages, true);
        NDList studentViews = new NDList(studentOut.reshape(globals, n, config.outputs()));
        if (locals > 0) {
            studentViews.add(student.project(concat(step, batch, globals, globals + locals), true).reshape(locals, n, config.outputs()));
        }
        double temp = teacherTemp(batch.step());
        DinoLoss.Result r = loss.forward(studentViews.size() == 1 ? studentViews.get(0) : NDArrays.concat(studentViews, 0),
                teacherOut.reshape(globals, n, config.outputs()), center, temp);
        nextCenter = r.newCenter();
        NDArray p = teacherOut.sub(Scoped.detachedLike(center, teacherOut)).div(temp).softmax(1);
        teacherEntropy = p.mul(p.add(1e-12).log()).sum(new int[] {1}).mean().neg().getFloat();
        NDArray u = teacherRepr.normalize(2, 1, 1e-12);
        teacherStd = u.sub(u.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().mean().getFloat();
        return r.loss();
    }

    private static NDArray concat(NDManager step, ViewBatch batch, int from, int to) {
        NDList parts = new NDList();
        for (int v = from; v < to; v++) {
            parts.add(SimClr.images(step, batch, v));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /**
     * The reference code's {@code freeze_last_layer}: for the first {@code freezePrototypeSteps}
     * steps the prototypes get no gradient, so they do not move while the rest of the head finds
     * its footing.
     */
    @Override
    public double backward(NDManager step, ViewBatch batch) {
        double value = Trainer.Objective.super.backward(step, batch);
        if (batch.step() < config.freezePrototypeSteps()) {
            NDArray grad = prototypes.getArray().getGradient();
            grad.attach(step);
            grad.muli(0);
        }
        return value;
    }

    @Override
    public void afterUpdate(NDManager step, ViewBatch batch) {
        double m = Ema.cosineMomentum(config.momentumStart(), batch.step(), config.totalSteps());
        Ema.update(teacher.trainableArrays(), student.trainableArrays(), m, step);
        center.muli(0).addi(nextCenter.stopGradient());
        nextCenter = null;
    }

    @Override
    public Map<String, Double> diagnostics() {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("teacher_entropy", teacherEntropy);
        d.put("teacher_std", teacherStd);
        return d;
    }

    @Override
    public NDManager manager() {
        return student.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return student.trainableArrays();
    }

    @Override
    public List<Boolean> decayMask() {
        return student.decayMask();
    }

    /** Student, teacher, then the centre. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        student.save(out);
        teacher.save(out);
        new NDList(center).encode(out);
    }

    @Override
    public void load(DataInputStream in, String source) {
        student.load(in, source);
        teacher.load(in, source + " (teacher)");
        try (NDManager scratch = student.manager().newSubManager()) {
            NDList list = NDList.decode(scratch, in);
            if (list.size() != 1 || !list.get(0).getShape().equals(center.getShape())) {
                throw new InvalidInputException(source + " does not hold a DINO centre of shape " + center.getShape());
            }
            NDArray restored = student.manager().create(list.get(0).toFloatArray(), center.getShape());
            center.close();
            center = restored;
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read the DINO centre from " + source + ": " + e.getMessage(), e);
        }
    }
}
