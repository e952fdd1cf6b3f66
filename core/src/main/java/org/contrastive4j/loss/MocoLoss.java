package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.tensor.Checks;

/**
 * The MoCo loss (He et al. 2020, "Momentum Contrast for Unsupervised Visual Representation
 * Learning"): InfoNCE of each query against its own key and a queue of past keys,
 *
 * <pre>  L_i = -log exp(q_i.k_i / tau) / ( exp(q_i.k_i / tau) + sum_{j &lt; K} exp(q_i.queue_j / tau) )</pre>
 *
 * on L2-normalised vectors. Keys come from the momentum encoder and get no gradient, so the
 * key and the queue are detached here (the queue inside InfoNCE). tau is 0.07 in MoCo v1 and 0.2 in v2.
 */
public final class MocoLoss {
    public static final double TAU_V1 = 0.07;
    public static final double TAU_V2 = 0.2;

    private final InfoNceLoss loss;

    public MocoLoss() {
        this(TAU_V2, Reduction.MEAN);
    }

    public MocoLoss(double tau, Reduction reduction) {
        this.loss = new InfoNceLoss(new Cosine(), tau, false, reduction, "MoCo loss");
    }

    /** {@code query}, {@code key} [N][d]; {@code queue} [K][d]. */
    public NDArray forward(NDArray query, NDArray key, NDArray queue) {
        Checks.rank("query", query, 2);
        Checks.rank("key", key, 2);
        Checks.rank("queue", queue, 2);
        Checks.sameShape("query", query, "key", key);
        Checks.sameDim("query", query, 1, "queue", queue, 1, "the embedding size d");
        return loss.forward(query, key.stopGradient(), null, queue);
    }
}
