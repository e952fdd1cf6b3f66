package org.contrastive4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Softmax cross-entropy over the rows of a logit matrix, the kernel of every InfoNCE-style loss:
 * {@code -log softmax(logits)[i, target_i]}, computed with a stable log-softmax so logits of
 * magnitude 100 (CLIP's clamped scale) neither overflow nor lose precision.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** Per-row loss [N] for logits [N][C] and one target column per row. */
    public static NDArray perRow(NDArray logits, int[] targets) {
        return Index.pick(logits.logSoftmax(1), targets).neg();
    }

    /**
     * Subtracted from the diagonal to take it out of a softmax: exp(x - 1e30) is exactly 0 in float32
     * and float64, so the value and the gradient equal those of a true -inf, without building a mask.
     */
    private static final double EXCLUDED = 1e30;

    /** The square logits with the diagonal (each anchor with itself) taken out of the softmax. */
    public static NDArray excludeDiagonal(NDArray logits) {
        int n = Math.toIntExact(logits.getShape().get(0));
        NDArray eye = logits.getManager().eye(n, n, 0, logits.getDataType());
        return logits.sub(eye.muli(EXCLUDED));
    }

    /** The logits with the entries where {@code keep} is false set to minus infinity. */
    public static NDArray exclude(NDArray logits, NDArray keep) {
        return NDArrays.where(keep, logits, constant(logits, Double.NEGATIVE_INFINITY));
    }

    /** Keeps the entries where {@code keep} is true and puts 0 elsewhere, without 0 * inf = NaN. */
    public static NDArray zeroOutside(NDArray x, NDArray keep) {
        return NDArrays.where(keep, x, constant(x, 0));
    }

    /** Stable {@code log sum exp} along {@code axis}; each slice must hold at least one finite entry. */
    public static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }

    /**
     * {@code log(1 + exp(x))} computed as {@code max(x, 0) + log(1 + exp(-|x|))}: exact to
     * rounding for every x (PyTorch's softplus switches to x above 20, an error of 2e-9).
     */
    public static NDArray softplus(NDArray x) {
        return x.maximum(0).add(x.abs().neg().exp().add(1).log());
    }

    private static NDArray constant(NDArray like, double value) {
        return like.getManager().full(like.getShape(), (float) value, like.getDataType());
    }
}
