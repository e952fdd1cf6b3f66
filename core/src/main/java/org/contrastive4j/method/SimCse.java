package org.contrastive4j.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.SimCseUnsupervisedLoss;
import org.contrastive4j.train.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Unsupervised SimCSE (Gao, Yao and Chen 2021): each sentence is encoded twice, and the two
 * dropout masks are the only augmentation; the other sentences of the batch are the negatives,
 * cosine / tau with tau = 0.05. The batch's anchors are the sentences.
 *
 * <p>{@link Noise} selects the ablation of seed 004: with no dropout, or with the same mask in
 * both passes, the two views are identical, the positive term is constant, and the loss only
 * pushes sentences apart, which is the collapse the paper reports (its Table 2).
 *
 * <p>With a chunk size below the batch size the step goes through GradCache: the two views are
 * then two passes (each chunk with its own dropout masks, replayed when it is re-encoded), the
 * activation memory that of one chunk, the gradients those of the plain loss on the same views.
 */
public final class SimCse implements Trainer.Objective<TextBatch> {

    /** Where the two views' difference comes from. */
    public enum Noise {
        /** Independent dropout masks: SimCSE. */
        DROPOUT,
        /** Dropout off: both views identical. */
        NONE,
        /** Dropout on, but the same mask in both passes. */
        SAME_MASK
    }

    private final TextModel model;
    private final SimCseUnsupervisedLoss loss;
    private final Noise noise;
    private final long seed;
    private final int chunkSize;

    public SimCse(TextModel model, double tau, Noise noise, long seed) {
        this(model, tau, noise, seed, 0);
    }

    /** @param chunkSize GradCache chunk; 0 or at least the batch size: no caching */
    public SimCse(TextModel model, double tau, Noise noise, long seed, int chunkSize) {
        this.model = model;
        this.loss = new SimCseUnsupervisedLoss(tau, org.contrastive4j.loss.Reduction.MEAN);
        this.noise = noise;
        this.seed = seed;
        this.chunkSize = TextObjectives.checkChunk(chunkSize);
    }

    @Override
    public NDArray loss(NDManager step, TextBatch batch) {
        List<String> texts = batch.anchors();
        int n = texts.size();
        int stepSeed = TextObjectives.stepSeed(seed, batch.step());
        Engine.getInstance().setRandomSeed(stepSeed);
        switch (noise) {
            case DROPOUT -> {
                // One pass over [texts; texts]: every row draws its own mask, as the reference code does.
                List<String> twice = new ArrayList<>(texts);
                twice.addAll(texts);
                NDArray z = model.embed(step, twice, true);
                return loss.forward(z.get("0:" + n), z.get(n + ":"));
            }
            case NONE -> {
                NDArray z = model.embed(step, texts, false);
                return loss.forward(z, z);
            }
            case SAME_MASK -> {
                NDArray z1 = model.embed(step, texts, true);
                Engine.getInstance().setRandomSeed(stepSeed);
                NDArray z2 = model.embed(step, texts, true);
                return loss.forward(z1, z2);
            }
            default -> throw new IllegalStateException(noise.name());
        }
    }

    @Override
    public double backward(NDManager step, TextBatch batch) {
        if (!TextObjectives.caches(chunkSize, batch.size())) {
            return Trainer.Objective.super.backward(step, batch);
        }
        List<String> texts = batch.anchors();
        // Without independent masks both views are one pass: loss(z, z) has the gradient of loss(z1, z2) with z1 = z2.
        return switch (noise) {
            case DROPOUT -> TextObjectives.cachedStep(model, step, List.of(texts, texts), true, chunkSize, seed, batch.step(),
                    z -> loss.forward(z.get(0), z.get(1)));
            case NONE -> TextObjectives.cachedStep(model, step, List.of(texts), false, chunkSize, seed, batch.step(),
                    z -> loss.forward(z.get(0), z.get(0)));
            case SAME_MASK -> TextObjectives.cachedStep(model, step, List.of(texts), true, chunkSize, seed, batch.step(),
                    z -> loss.forward(z.get(0), z.get(0)));
        };
    }
}
