package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.loss.EmbeddingLoss;
import org.contrastive4j.loss.SupConLoss;
import org.contrastive4j.train.Trainer;

/**
 * Supervised contrastive learning (Khosla et al. 2020), stage one: two augmented views per
 * labelled image through the encoder and MLP head, and SupCon on the normalised projections,
 * every other view of the same class a positive (L_out by default, L_in selectable). Stage two
 * is the evaluation's linear probe and kNN on the frozen representation before the head. With
 * all labels distinct it is NT-Xent on the same views: the one difference from {@link SimClr}
 * is that the views carry their image's class, not its index.
 */
public final class SupCon implements Trainer.Objective<ViewBatch> {
    private final ImageModel model;
    private final EmbeddingLoss loss;

    public SupCon(ImageModel model, double tau, SupConLoss.Variant variant) {
        this(model, new SupConLoss(tau, variant));
    }

    /** Any loss over the labelled projections (SupCon, a triplet or a pair margin loss). */
    public SupCon(ImageModel model, EmbeddingLoss loss) {
        this.model = model;
        this.loss = loss;
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        NDArray x = NDArrays.concat(new NDList(SimClr.images(step, batch, 0), SimClr.images(step, batch, 1)), 0);
        NDArray z = model.project(x, true);
        return loss.forward(z, EmbeddingLoss.repeat(batch.labels(), 2));
    }
}
