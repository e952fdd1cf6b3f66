package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.tensor.Index;

/**
 * Supervised SimCSE (Gao et al. 2021) on NLI triples (x, x+, x-): premise, entailment,
 * contradiction, encoded as {@code z1}, {@code z2}, {@code z3} [N][d]. The denominator of anchor
 * i holds every entailment and every contradiction of the batch:
 *
 * <pre>  L_i = -log e^{cos(z1_i, z2_i)/tau} / ( sum_j e^{cos(z1_i, z2_j)/tau} + sum_j e^{cos(z1_i, z3_j)/tau + w [i = j]} )</pre>
 *
 * The hard-negative weight w is added to the logit of the anchor's own contradiction, as the
 * reference code does ({@code hard_negative_weight}, default 0: no reweighting); e^w multiplies
 * that term in the denominator.
 */
public final class SimCseSupervisedLoss {
    public static final double DEFAULT_TAU = 0.05;

    private final double tau;
    private final double hardNegativeWeight;
    private final Reduction reduction;

    public SimCseSupervisedLoss() {
        this(DEFAULT_TAU, 0, Reduction.MEAN);
    }

    public SimCseSupervisedLoss(double tau, double hardNegativeWeight, Reduction reduction) {
        this.tau = Checks.positive("tau", tau);
        this.hardNegativeWeight = hardNegativeWeight;
        this.reduction = reduction;
    }

    public NDArray forward(NDArray z1, NDArray z2, NDArray z3) {
        Checks.rank("z1", z1, 2);
        Checks.rank("z2", z2, 2);
        Checks.rank("z3", z3, 2);
        Checks.sameShape("z1", z1, "z2", z2);
        Checks.sameShape("z1", z1, "z3", z3);
        int n = Math.toIntExact(z1.getShape().get(0));
        Cosine cosine = new Cosine();
        NDArray toNegatives = cosine.matrix(z1, z3).div(tau);
        if (hardNegativeWeight != 0) {
            toNegatives = toNegatives.add(z1.getManager().eye(n).toType(z1.getDataType(), false).mul(hardNegativeWeight));
        }
        NDArray logits = NDArrays.concat(new NDList(cosine.matrix(z1, z2).div(tau), toNegatives), 1);
        NDArray loss = reduction.apply(CrossEntropy.perRow(logits, Index.diagonal(n)));
        return Checks.finiteResult(loss, "supervised SimCSE loss", "z1", z1, "z2", z2, "z3", z3);
    }
}
