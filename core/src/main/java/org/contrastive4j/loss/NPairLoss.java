package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.similarity.DotProduct;
import org.contrastive4j.tensor.Checks;

/**
 * Multi-class N-pair loss (Sohn 2016, "Improved Deep Metric Learning with Multi-class N-pair
 * Loss Objective"): one positive and several negatives per anchor, scored by the dot product,
 *
 * <pre>  L_i = log(1 + sum_j exp(q_i.k-_j - q_i.k+_i))</pre>
 *
 * which is softmax cross-entropy over {k+, k-_1, ...} at temperature 1. In the in-batch form
 * (Sohn's efficient batch construction) the negatives of anchor i are the positives of the
 * other anchors. Sohn's optional L2 penalty on the embeddings is left to the optimizer's weight
 * decay.
 */
public final class NPairLoss {
    private final Reduction reduction;

    public NPairLoss() {
        this(Reduction.MEAN);
    }

    public NPairLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** In-batch form: {@code anchor} and {@code positive} [N][d], N >= 2. */
    public NDArray forward(NDArray anchor, NDArray positive) {
        check(anchor, positive);
        Checks.batchAtLeast("anchor", anchor, 2, "N-pair loss (in-batch form)");
        return loss(true).forward(anchor, positive, null, null);
    }

    /** Explicit form: the negatives of anchor i are {@code negatives[i]} [N][M][d]. */
    public NDArray forward(NDArray anchor, NDArray positive, NDArray negatives) {
        check(anchor, positive);
        Checks.rank("negatives", negatives, 3);
        return loss(false).forward(anchor, positive, negatives, null);
    }

    private static void check(NDArray anchor, NDArray positive) {
        Checks.rank("anchor", anchor, 2);
        Checks.rank("positive", positive, 2);
        Checks.sameShape("anchor", anchor, "positive", positive);
    }

    private InfoNceLoss loss(boolean inBatch) {
        return new InfoNceLoss(new DotProduct(), 1.0, inBatch, reduction, "N-pair loss");
    }
}
