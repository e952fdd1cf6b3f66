package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.tensor.Checks;

/**
 * Unsupervised SimCSE (Gao et al. 2021, "SimCSE: Simple Contrastive Learning of Sentence
 * Embeddings"): each sentence is encoded twice with independent dropout masks, {@code z1} and
 * {@code z2} [N][d]; the second encoding is the positive and the other sentences' second
 * encodings are the negatives:
 *
 * <pre>  L_i = -log exp(cos(z1_i, z2_i) / tau) / sum_j exp(cos(z1_i, z2_j) / tau),  tau = 0.05</pre>
 *
 * This is in-batch InfoNCE; the dropout noise, not the loss, is what makes it SimCSE. Encoding
 * without dropout (or with one mask twice) makes z1 = z2 and the objective collapses.
 */
public final class SimCseUnsupervisedLoss {
    public static final double DEFAULT_TAU = 0.05;

    private final InfoNceLoss loss;

    public SimCseUnsupervisedLoss() {
        this(DEFAULT_TAU, Reduction.MEAN);
    }

    public SimCseUnsupervisedLoss(double tau, Reduction reduction) {
        this.loss = new InfoNceLoss(new Cosine(), tau, true, reduction, "SimCSE loss");
    }

    public NDArray forward(NDArray z1, NDArray z2) {
        Checks.rank("z1", z1, 2);
        Checks.rank("z2", z2, 2);
        Checks.sameShape("z1", z1, "z2", z2);
        Checks.batchAtLeast("z1", z1, 2, "SimCSE loss");
        return loss.forward(z1, z2, null, null);
    }
}
