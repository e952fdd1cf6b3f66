package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.loss.SimCseSupervisedLoss;
import org.contrastive4j.train.Trainer;

import java.util.List;

/**
 * Supervised SimCSE (Gao, Yao and Chen 2021) on triples (anchor, positive, hard negative): the
 * denominator of each anchor holds every positive and every hard negative of the batch, and the
 * own hard negative may get an extra weight. Each side goes through the encoder in training
 * mode (dropout on), like the reference code. With a chunk size below the batch size the step
 * goes through GradCache (activation memory of one chunk, the plain loss's gradients).
 */
public final class SupervisedSimCse implements Trainer.Objective<TextBatch> {
    private final TextModel model;
    private final SimCseSupervisedLoss loss;
    private final long seed;
    private final int chunkSize;

    public SupervisedSimCse(TextModel model, double tau, double hardNegativeWeight, long seed) {
        this(model, tau, hardNegativeWeight, seed, 0);
    }

    /** @param chunkSize GradCache chunk; 0 or at least the batch size: no caching */
    public SupervisedSimCse(TextModel model, double tau, double hardNegativeWeight, long seed, int chunkSize) {
        this.model = model;
        this.loss = new SimCseSupervisedLoss(tau, hardNegativeWeight, Reduction.MEAN);
        this.seed = seed;
        this.chunkSize = TextObjectives.checkChunk(chunkSize);
    }

    @Override
    public NDArray loss(NDManager step, TextBatch batch) {
        checkTriples(batch);
        TextObjectives.seedStep(seed, batch.step());
        // One pass per side, each padded to its own longest text (see Retriever).
        NDArray anchors = model.embed(step, batch.anchors(), true);
        NDArray positives = model.embed(step, batch.positives(), true);
        return loss.forward(anchors, positives, model.embed(step, batch.negatives(), true));
    }

    @Override
    public double backward(NDManager step, TextBatch batch) {
        if (!TextObjectives.caches(chunkSize, batch.size())) {
            return Trainer.Objective.super.backward(step, batch);
        }
        checkTriples(batch);
        return TextObjectives.cachedStep(model, step, List.of(batch.anchors(), batch.positives(), batch.negatives()), true,
                chunkSize, seed, batch.step(), z -> loss.forward(z.get(0), z.get(1), z.get(2)));
    }

    private static void checkTriples(TextBatch batch) {
        if (!batch.hasNegatives()) {
            throw new InvalidInputException("supervised SimCSE needs a hard negative in every training triple; batch of step "
                    + batch.step() + " has pairs without one");
        }
    }
}
