package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss over a batch of embeddings [m][d] with one label per row: rows that share a label are
 * positives of each other, rows with different labels negatives (pytorch-metric-learning's
 * contract). The views of one image carry one label ({@link #views}); class labels make the
 * loss supervised. Implemented by {@link NtXentLoss}, {@link SupConLoss},
 * {@link TripletMarginLoss} and {@link PairMarginLoss}, each with its similarity, miner (where
 * the formula picks tuples) and reduction chosen at construction.
 */
@FunctionalInterface
public interface EmbeddingLoss {
    NDArray forward(NDArray embeddings, int[] labels);

    /** Labels of {@code views} views of {@code n} examples stacked view by view: example i is label i in every block. */
    static int[] views(int n, int views) {
        int[] labels = new int[n * views];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % n;
        }
        return labels;
    }

    /** {@code labels} repeated for {@code views} stacked views of the same examples. */
    static int[] repeat(int[] labels, int views) {
        int[] out = new int[labels.length * views];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i % labels.length];
        }
        return out;
    }
}
