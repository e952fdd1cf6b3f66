package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.train.Trainer;

import java.util.List;
import java.util.Map;

/**
 * CLIP (Radford et al. 2021): each image of the batch is paired with a caption of its class; the
 * symmetric InfoNCE over the batch's image-caption similarity matrix, scaled by the learned
 * exp(t) (clamped at 100), pulls each image towards its caption and away from the others.
 */
public final class Clip implements Trainer.Objective<ViewBatch> {
    private final ClipModel model;
    private final CaptionSampler captions;
    private final long seed;

    public Clip(ClipModel model, CaptionSampler captions, long seed) {
        this.model = model;
        this.captions = captions;
        this.seed = seed;
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        List<String> texts = captions.sample(batch.labels(), batch.step());
        TextObjectives.seedStep(seed, batch.step());
        NDArray image = model.imageTower(SimClr.images(step, batch, 0), true);
        NDArray text = model.textTower(step, texts, true);
        return model.loss().forward(image, text);
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("logit_scale", model.loss().scale());
    }
}
