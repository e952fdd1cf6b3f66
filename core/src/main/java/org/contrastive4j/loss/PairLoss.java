package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss over the embeddings of a batch of text pairs: anchors and positives [N][d] (row i of
 * each is a pair), and hard negatives [M][d] shared by the batch, or null when there are none.
 * What {@code Fit} trains a text encoder with.
 */
@FunctionalInterface
public interface PairLoss {
    NDArray forward(NDArray anchors, NDArray positives, NDArray negatives);
}
