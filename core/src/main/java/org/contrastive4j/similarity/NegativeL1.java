package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/** {@code -||q - k||_1}: the Manhattan distance as a score. */
public final class NegativeL1 implements Similarity {
    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return score(a.expandDims(1), b.expandDims(0));
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        return a.sub(b).abs().sum(new int[] {-1}).neg();
    }

    @Override
    public String name() {
        return "l1";
    }
}
