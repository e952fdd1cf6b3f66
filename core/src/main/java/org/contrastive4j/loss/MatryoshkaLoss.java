package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.InvalidInputException;

import java.util.Arrays;

/**
 * Matryoshka representation learning (Kusupati et al. 2022), as sentence-transformers'
 * MatryoshkaLoss: the inner loss is applied to the embeddings truncated to each of a list of
 * nested sizes (the first components), and the weighted sum is trained, so that a prefix of the
 * vector is itself a good embedding. With a cosine loss each truncation is re-normalised by the
 * loss itself. Defaults: sizes 384, 256, 128, 64, 32, weights 1.
 */
public final class MatryoshkaLoss implements PairLoss {
    public static final int[] DEFAULT_DIMENSIONS = {384, 256, 128, 64, 32};

    private final PairLoss inner;
    private final int[] dimensions;
    private final double[] weights;

    public MatryoshkaLoss(PairLoss inner) {
        this(inner, DEFAULT_DIMENSIONS);
    }

    public MatryoshkaLoss(PairLoss inner, int... dimensions) {
        this(inner, dimensions, ones(dimensions.length));
    }

    /** @param dimensions the truncations, each at least 1; @param weights one per truncation, each >= 0 */
    public MatryoshkaLoss(PairLoss inner, int[] dimensions, double[] weights) {
        if (inner == null) {
            throw InvalidInputException.parameter("inner", "must be a loss, got null");
        }
        if (dimensions.length == 0 || Arrays.stream(dimensions).anyMatch(d -> d < 1)) {
            throw InvalidInputException.parameter("dimensions", "must be one or more sizes of at least 1, got " + Arrays.toString(dimensions));
        }
        if (weights.length != dimensions.length || Arrays.stream(weights).anyMatch(w -> !(w >= 0) || !Double.isFinite(w))) {
            throw InvalidInputException.parameter("weights", "must be one non-negative weight per dimension (" + dimensions.length
                    + "), got " + Arrays.toString(weights));
        }
        this.inner = inner;
        this.dimensions = dimensions.clone();
        this.weights = weights.clone();
    }

    public int[] dimensions() {
        return dimensions.clone();
    }

    public double[] weights() {
        return weights.clone();
    }

    @Override
    public NDArray forward(NDArray anchors, NDArray positives, NDArray negatives) {
        long full = anchors.getShape().get(anchors.getShape().dimension() - 1);
        NDArray total = null;
        for (int k = 0; k < dimensions.length; k++) {
            int d = dimensions[k];
            if (d > full) {
                throw new InvalidInputException("MatryoshkaLoss: the dimension " + d + " is larger than the embeddings' " + full);
            }
            NDArray term = inner.forward(prefix(anchors, d), prefix(positives, d), negatives == null ? null : prefix(negatives, d));
            // a float scalar keeps a float32 loss float32 (a double one would promote it to float64)
            term = weights[k] == 1 ? term : term.mul((float) weights[k]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private static NDArray prefix(NDArray x, int d) {
        return x.get(":, 0:" + d);
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }
}
