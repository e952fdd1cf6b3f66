package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.contrastive4j.mining.AllTripletsMiner;
import org.contrastive4j.mining.TripletMiner;
import org.contrastive4j.mining.Triplets;
import org.contrastive4j.similarity.NegativeL2;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.Index;

/**
 * The triplet margin loss (Weinberger and Saul 2009; Schroff et al. 2015, "FaceNet"), written
 * with a score s (higher = closer) so that any {@link Similarity} serves:
 *
 * <pre>  L = max(0, s(a, n) - s(a, p) + m)</pre>
 *
 * With {@link NegativeL2} this is {@code max(0, d(a,p) - d(a,n) + m)} (PyTorch's
 * TripletMarginLoss without its eps); with
 * {@link org.contrastive4j.similarity.NegativeSquaredL2} it is FaceNet's
 * {@code max(0, d(a,p)^2 - d(a,n)^2 + m)}. On a labelled batch a {@link TripletMiner} picks the
 * triplets.
 */
public final class TripletMarginLoss implements EmbeddingLoss {
    /** FaceNet's margin, suited to L2-normalised embeddings. */
    public static final double DEFAULT_MARGIN = 0.2;

    private final double margin;
    private final Similarity similarity;
    private final TripletMiner miner;
    private final Reduction reduction;

    public TripletMarginLoss() {
        this(DEFAULT_MARGIN, new NegativeL2(), new AllTripletsMiner(), Reduction.MEAN);
    }

    public TripletMarginLoss(double margin, Similarity similarity, TripletMiner miner, Reduction reduction) {
        this.margin = Checks.positive("margin", margin);
        this.similarity = similarity;
        this.miner = miner;
        this.reduction = reduction;
    }

    /** Explicit triplets: row i of each [N][d] input forms one triplet. */
    public NDArray forward(NDArray anchor, NDArray positive, NDArray negative) {
        Checks.rank("anchor", anchor, 2);
        Checks.rank("positive", positive, 2);
        Checks.rank("negative", negative, 2);
        Checks.sameShape("anchor", anchor, "positive", positive);
        Checks.sameShape("anchor", anchor, "negative", negative);
        NDArray perTriplet = similarity.score(anchor, negative).sub(similarity.score(anchor, positive)).add(margin).maximum(0);
        return Checks.finiteResult(reduction.apply(perTriplet), "triplet loss",
                "anchor", anchor, "positive", positive, "negative", negative);
    }

    /** A labelled batch [N][d]: the miner picks triplets; no valid triplet gives a zero loss. */
    @Override
    public NDArray forward(NDArray embeddings, int[] labels) {
        Checks.rank("embeddings", embeddings, 2);
        Checks.labels("labels", labels, embeddings.getShape().get(0));
        Triplets triplets = mine(embeddings, labels);
        if (triplets.size() == 0) {
            return embeddings.sum().mul(0);
        }
        return forward(Index.rows(embeddings, triplets.anchors()), Index.rows(embeddings, triplets.positives()),
                Index.rows(embeddings, triplets.negatives()));
    }

    /** The triplets the miner picks on this batch, from its similarity matrix without gradient. */
    public Triplets mine(NDArray embeddings, int[] labels) {
        int n = labels.length;
        double[] flat;
        try (NDArray s = similarity.matrix(embeddings.stopGradient(), embeddings.stopGradient())) {
            flat = s.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double[][] matrix = new double[n][];
        for (int i = 0; i < n; i++) {
            matrix[i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
        }
        return miner.mine(matrix, labels);
    }
}
