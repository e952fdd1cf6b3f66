package org.contrastive4j.word2vec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.contrastive4j.loss.NceLoss;
import org.contrastive4j.train.Trainer;

/**
 * Skip-gram with negative sampling as contrastive learning (seed 003): the centre word's input
 * vector is the query, the context word's output vector the positive, and noise words' output
 * vectors the negatives; the loss is binary NCE with the dot product and no noise correction,
 * {@code -log sigmoid(u_c . v_w) - sum_k log sigmoid(-u_k . v_w)}, averaged over the batch.
 */
public final class SkipGram implements Trainer.Objective<SkipGramBatch> {
    private final WordVectors vectors;
    private final NceLoss loss = new NceLoss();

    public SkipGram(WordVectors vectors) {
        this.vectors = vectors;
    }

    @Override
    public NDArray loss(NDManager step, SkipGramBatch batch) {
        int n = batch.size();
        int k = batch.negatives()[0].length;
        int[] flat = new int[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.negatives()[i], 0, flat, i * k, k);
        }
        // The indices come first: the lookups' results then live in the step's manager.
        NDArray query = lookup(ids(step, batch.centers()), vectors.input());
        NDArray positive = lookup(ids(step, batch.contexts()), vectors.output());
        NDArray negatives = lookup(ids(step, flat), vectors.output()).reshape(new Shape(n, k, -1));
        return loss.forward(query, positive, negatives);
    }

    private static NDArray ids(NDManager step, int[] ids) {
        return step.create(java.util.Arrays.stream(ids).asLongStream().toArray());
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }
}
