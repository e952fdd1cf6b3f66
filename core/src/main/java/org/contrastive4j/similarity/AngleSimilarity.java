package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * AnglE's similarity (Li and Li 2023, "AnglE-optimized Text Embeddings"), as sentence-transformers'
 * {@code pairwise_angle_sim}: each vector's halves are the real and imaginary parts of a complex
 * vector, u = a + bi and v = c + di; their quotient u / v, scaled by |v| / |u|, is summed over
 * both parts and its absolute value taken. A vector of odd length gets a zero appended first.
 * Not a cosine: it is not bounded by 1, and it feeds {@code AnglELoss}.
 */
public final class AngleSimilarity implements Similarity {

    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        return score(a.expandDims(1), b.expandDims(0));
    }

    @Override
    public NDArray score(NDArray x, NDArray y) {
        NDList u = halves(x);
        NDList v = halves(y);
        NDArray a = u.get(0);
        NDArray b = u.get(1);
        NDArray c = v.get(0);
        NDArray d = v.get(1);
        int[] last = {-1};
        NDArray z = c.square().add(d.square()).sum(last, true);
        NDArray scale = a.square().add(b.square()).sum(last, true).sqrt().div(z.sqrt());
        NDArray re = a.mul(c).add(b.mul(d)).div(z).div(scale);
        NDArray im = b.mul(c).sub(a.mul(d)).div(z).div(scale);
        return re.sum(last).add(im.sum(last)).abs();
    }

    private static NDList halves(NDArray x) {
        int axis = x.getShape().dimension() - 1;
        long dim = x.getShape().get(axis);
        if (dim % 2 != 0) {
            x = NDArrays.concat(new NDList(x, x.getManager().zeros(x.getShape().slice(0, axis).add(1), x.getDataType())), axis);
            dim++;
        }
        return x.split(new long[] {dim / 2}, axis);
    }

    @Override
    public String name() {
        return "angle";
    }
}
