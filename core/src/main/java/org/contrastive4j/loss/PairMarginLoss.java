package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.contrastive4j.similarity.NegativeL2;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.Index;

/**
 * The pair (margin) contrastive loss (Hadsell, Chopra and LeCun 2006, "Dimensionality
 * Reduction by Learning an Invariant Mapping"), with d the Euclidean distance of a pair:
 *
 * <pre>
 *   same pair:      d^2
 *   different pair: max(0, m - d)^2     (HADSELL, the paper's form)
 *                   max(0, m - d^2)     (SQUARED, the form seed 003 writes)
 * </pre>
 *
 * The paper's factor 1/2 is left out, as in the seeds.
 */
public final class PairMarginLoss implements EmbeddingLoss {
    public static final double DEFAULT_MARGIN = 1.0;

    /** Which form the term of a different pair takes. */
    public enum Variant { HADSELL, SQUARED }

    private final double margin;
    private final Variant variant;
    private final Reduction reduction;

    public PairMarginLoss() {
        this(DEFAULT_MARGIN, Variant.HADSELL, Reduction.MEAN);
    }

    public PairMarginLoss(double margin, Variant variant, Reduction reduction) {
        this.margin = Checks.positive("margin", margin);
        this.variant = variant;
        this.reduction = reduction;
    }

    /** Pairs (x1[i], x2[i]) [N][d] with {@code same[i]} true for a positive pair. */
    public NDArray forward(NDArray x1, NDArray x2, boolean[] same) {
        Checks.rank("x1", x1, 2);
        Checks.rank("x2", x2, 2);
        Checks.sameShape("x1", x1, "x2", x2);
        if (same.length != x1.getShape().get(0)) {
            throw new org.contrastive4j.InvalidInputException("input 'same' has " + same.length
                    + " entries but 'x1' has " + x1.getShape().get(0) + " pairs");
        }
        NDArray squared = x1.sub(x2).square().sum(new int[] {1});
        NDArray different;
        if (variant == Variant.HADSELL) {
            NDArray distance = NegativeL2.distance(x1, x2);
            different = distance.neg().add(margin).maximum(0).square();
        } else {
            different = squared.neg().add(margin).maximum(0);
        }
        NDArray isSame = x1.getManager().create(same);
        NDArray perPair = NDArrays.where(isSame, squared, different);
        return Checks.finiteResult(reduction.apply(perPair), "pair margin loss", "x1", x1, "x2", x2);
    }

    /** Every pair i &lt; j of a labelled batch [N][d]: positive when the labels agree. */
    @Override
    public NDArray forward(NDArray embeddings, int[] labels) {
        Checks.rank("embeddings", embeddings, 2);
        Checks.labels("labels", labels, embeddings.getShape().get(0));
        Checks.batchAtLeast("embeddings", embeddings, 2, "pair margin loss over a batch");
        int n = labels.length;
        int pairs = n * (n - 1) / 2;
        int[] first = new int[pairs];
        int[] second = new int[pairs];
        boolean[] same = new boolean[pairs];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p++) {
                first[p] = i;
                second[p] = j;
                same[p] = labels[i] == labels[j];
            }
        }
        return forward(Index.rows(embeddings, first), Index.rows(embeddings, second), same);
    }
}
