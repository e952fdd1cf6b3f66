package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/** {@code -||q - k||^2}: the squared Euclidean distance as a score. */
public final class NegativeSquaredL2 implements Similarity {

    /** Squared distances [N][M] from the expansion |a|^2 + |b|^2 - 2ab, clamped at 0 against rounding. */
    static NDArray squaredDistances(NDArray a, NDArray b) {
        NDArray aa = a.square().sum(new int[] {1}, true);
        NDArray bb = b.square().sum(new int[] {1}, true).transpose();
        return aa.add(bb).sub(a.matMul(b.transpose()).mul(2)).maximum(0);
    }

    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return squaredDistances(a, b).neg();
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        return a.sub(b).square().sum(new int[] {-1}).neg();
    }

    @Override
    public String name() {
        return "squared_l2";
    }
}
