package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * A loss over pairs with a graded score (STS-style data: {@code sentence1, sentence2, score}):
 * the embeddings of the first and second texts [N][d], row i of each a pair, and the pairs'
 * scores. Only the order of the scores matters to the ranking losses ({@link CoSENTLoss},
 * {@link AnglELoss}).
 */
@FunctionalInterface
public interface ScoredPairLoss {
    NDArray forward(NDArray first, NDArray second, float[] scores);
}
