package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/** {@code -||q - k||_2}: the Euclidean distance as a score. */
public final class NegativeL2 implements Similarity {
    /**
     * Squared distances are floored here before the square root: sqrt has no derivative at 0,
     * and a pair of identical vectors would otherwise turn the whole gradient into NaN.
     */
    static final double MIN_SQUARED = 1e-30;

    /** {@code ||a - b||} along the last axis, with broadcasting. */
    public static NDArray distance(NDArray a, NDArray b) {
        return a.sub(b).square().sum(new int[] {-1}).maximum(MIN_SQUARED).sqrt();
    }

    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return NegativeSquaredL2.squaredDistances(a, b).maximum(MIN_SQUARED).sqrt().neg();
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        return distance(a, b).neg();
    }

    @Override
    public String name() {
        return "l2";
    }
}
