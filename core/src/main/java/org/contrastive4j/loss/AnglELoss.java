package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.similarity.AngleSimilarity;

/**
 * AnglE (Li and Li 2023), as sentence-transformers' AnglELoss: {@link CoSENTLoss} with the angle
 * similarity in complex space ({@link AngleSimilarity}) instead of the cosine, whose gradient
 * vanishes near +-1. Scale 20 by default.
 */
public final class AnglELoss implements ScoredPairLoss {
    private final CoSENTLoss cosent;

    public AnglELoss() {
        this(CoSENTLoss.DEFAULT_SCALE);
    }

    public AnglELoss(double scale) {
        this.cosent = new CoSENTLoss(new AngleSimilarity(), scale, "AnglE");
    }

    @Override
    public NDArray forward(NDArray first, NDArray second, float[] scores) {
        return cosent.forward(first, second, scores);
    }
}
