package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/**
 * A scoring function s(q, k): higher means more alike (seed 003's scoring functions). Losses
 * never hard-code how they score pairs; they take a {@code Similarity}.
 *
 * <p>Distances enter as their negatives ({@link NegativeL2}, {@link NegativeSquaredL2},
 * {@link NegativeL1}) so that every implementation orders pairs the same way.
 */
public interface Similarity {

    /** Every row of {@code a} [N][d] against every row of {@code b} [M][d]: [N][M]. */
    NDArray matrix(NDArray a, NDArray b);

    /**
     * Scores along the last axis with broadcasting over the leading ones: [N][d] x [N][d] gives
     * [N]; [N][1][d] x [N][M][d] gives [N][M] (each query against its own candidates).
     */
    NDArray score(NDArray a, NDArray b);

    /** The name used on the command line and in reports. */
    String name();

    /** True when the score ignores vector length (the inputs are L2-normalised first). */
    default boolean normalizes() {
        return false;
    }
}
