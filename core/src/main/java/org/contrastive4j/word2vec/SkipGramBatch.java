package org.contrastive4j.word2vec;

import org.contrastive4j.data.Batch;

/** (centre, context) word pairs with their noise words: {@code negatives[i]} belongs to pair i. */
public record SkipGramBatch(long step, int[] centers, int[] contexts, int[][] negatives) implements Batch {
    @Override
    public int size() {
        return centers.length;
    }
}
