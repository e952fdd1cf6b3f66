package org.contrastive4j.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.loss.SimCseSupervisedLoss;
import org.contrastive4j.train.Trainer;

/**
 * Supervised SimCSE (Gao, Yao and Chen 2021) on triples (anchor, positive, hard negative): the
 * denominator of each anchor holds every positive and every hard negative of the batch, and the
 * own hard negative may get an extra weight. The three sides go through the encoder as one
 * batch, in training mode (dropout on), like the reference code.
 */
public final class SupervisedSimCse implements Trainer.Objective<TextBatch> {
    private final TextModel model;
    private final SimCseSupervisedLoss loss;
    private final long seed;

    public SupervisedSimCse(TextModel model, double tau, double hardNegativeWeight, long seed) {
        this.model = model;
        this.loss = new SimCseSupervisedLoss(tau, hardNegativeWeight, Reduction.MEAN);
        this.seed = seed;
    }

    @Override
    public NDArray loss(NDManager step, TextBatch batch) {
        if (!batch.hasNegatives()) {
            throw new InvalidInputException("supervised SimCSE needs a hard negative in every training triple; batch of step "
                    + batch.step() + " has pairs without one");
        }
        Engine.getInstance().setRandomSeed(TextObjectives.stepSeed(seed, batch.step()));
        // One pass per side, each padded to its own longest text (see Retriever).
        NDArray anchors = model.embed(step, batch.anchors(), true);
        NDArray positives = model.embed(step, batch.positives(), true);
        return loss.forward(anchors, positives, model.embed(step, batch.negatives(), true));
    }
}
