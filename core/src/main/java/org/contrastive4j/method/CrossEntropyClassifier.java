package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.train.Trainer;

/**
 * The supervised baseline SupCon is compared with: the same encoder, a head whose outputs are
 * the class logits, softmax cross-entropy on one augmented view per image (the same
 * augmentation). Its representation before the head is evaluated like every other method's.
 */
public final class CrossEntropyClassifier implements Trainer.Objective<ViewBatch> {
    private final ImageModel model;

    /** {@code model}'s head must output one logit per class. */
    public CrossEntropyClassifier(ImageModel model) {
        this.model = model;
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        NDArray logits = model.project(SimClr.images(step, batch, 0), true);
        return CrossEntropy.perRow(logits, batch.labels()).mean();
    }
}
