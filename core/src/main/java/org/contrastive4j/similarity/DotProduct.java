package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;

/** The dot product {@code q.k} (N-pair loss, word2vec, MoCo on pre-normalised vectors). */
public final class DotProduct implements Similarity {
    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return a.matMul(b.transpose());
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {-1});
    }

    @Override
    public String name() {
        return "dot";
    }
}
