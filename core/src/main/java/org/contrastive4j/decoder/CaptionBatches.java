package org.contrastive4j.decoder;

import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;

/**
 * The batch of any step, computed from (seed, step) alone: the examples of a seeded per-epoch
 * permutation (the last partial batch dropped) with a caption of each one's class, so a
 * resumed run sees exactly the batches an uninterrupted one would have.
 */
public final class CaptionBatches {
    private final int[] labels;
    private final int batchSize;
    private final long seed;
    private final CaptionSampler captions;
    private long cachedEpoch = -1;
    private int[] order;

    public CaptionBatches(int[] labels, int batchSize, CaptionSampler captions, long seed) {
        if (batchSize < 2 || batchSize > labels.length) {
            throw new org.contrastive4j.InvalidInputException("the batch size must be between 2 and the " + labels.length
                    + " training images, got " + batchSize);
        }
        this.labels = labels;
        this.batchSize = batchSize;
        this.captions = captions;
        this.seed = seed;
    }

    public int stepsPerEpoch() {
        return labels.length / batchSize;
    }

    public CaptionBatch batch(long step) {
        long epoch = step / stepsPerEpoch();
        if (epoch != cachedEpoch) {
            order = Permutations.of(labels.length, Seeds.forEpoch(seed, epoch));
            cachedEpoch = epoch;
        }
        int from = Math.toIntExact(step % stepsPerEpoch()) * batchSize;
        int[] indices = java.util.Arrays.copyOfRange(order, from, from + batchSize);
        int[] batchLabels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            batchLabels[i] = labels[indices[i]];
        }
        return new CaptionBatch(step, indices, batchLabels, captions.sample(batchLabels, step));
    }
}
