package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/** Cosine similarity {@code q.k / (|q| |k|)}, the default score of the contrastive losses. */
public final class Cosine implements Similarity {
    /** As in PyTorch's {@code F.normalize}: norms below this are clamped, so a zero vector gives 0, not NaN. */
    static final double EPS = 1e-12;

    /** L2-normalises along the last axis. */
    public static NDArray normalize(NDArray x) {
        return x.normalize(2, -1, EPS);
    }

    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return normalize(a).matMul(normalize(b).transpose());
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        return normalize(a).mul(normalize(b)).sum(new int[] {-1});
    }

    @Override
    public String name() {
        return "cosine";
    }

    @Override
    public boolean normalizes() {
        return true;
    }
}
