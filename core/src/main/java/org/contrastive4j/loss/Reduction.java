package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * How per-anchor loss terms become the value that is minimised (pytorch-metric-learning's
 * reducers). Every loss applies one; {@link #MEAN} is the papers' default.
 */
public enum Reduction {
    /** Mean over anchors. */
    MEAN,
    /** Sum over anchors. */
    SUM,
    /** The per-anchor terms as they are, shape [N]. */
    NONE,
    /**
     * Mean over the terms that are strictly positive (the active triplets or pairs), 0 when
     * none is: keeps easy, already-satisfied terms from diluting the gradient.
     */
    MEAN_NONZERO;

    public NDArray apply(NDArray perAnchor) {
        switch (this) {
            case MEAN:
                return perAnchor.mean();
            case SUM:
                return perAnchor.sum();
            case NONE:
                return perAnchor;
            case MEAN_NONZERO:
                NDArray active = perAnchor.gt(0).toType(perAnchor.getDataType(), false);
                NDArray count = active.sum().maximum(1);
                return perAnchor.mul(active).sum().div(count);
            default:
                throw new AssertionError(this);
        }
    }

    /** Parses {@code mean}, {@code sum}, {@code none}, {@code mean_nonzero} (case-insensitive). */
    public static Reduction parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
