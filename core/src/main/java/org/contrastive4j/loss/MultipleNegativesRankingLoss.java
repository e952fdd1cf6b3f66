package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.tensor.Index;

/**
 * The common dense-retriever loss (DPR, Karpukhin et al. 2020; sentence-transformers'
 * MultipleNegativesRankingLoss): InfoNCE of query q_i over every positive of the batch and,
 * when given, every mined hard negative of the batch, with cosine scores times a scale
 * (scale 20 = tau 0.05):
 *
 * <pre>  L_fwd(i) = -log e^{s cos(q_i, p_i)} / ( sum_j e^{s cos(q_i, p_j)} + sum_j e^{s cos(q_i, n_j)} )</pre>
 *
 * The symmetric option adds the reverse direction, each positive against every query, and
 * averages: {@code L = (L_fwd + L_bwd) / 2} with
 * {@code L_bwd(i) = -log e^{s cos(p_i, q_i)} / sum_j e^{s cos(p_i, q_j)}}.
 */
public final class MultipleNegativesRankingLoss implements PairLoss {
    public static final double DEFAULT_SCALE = 20;

    private final double scale;
    private final boolean symmetric;
    private final Reduction reduction;

    public MultipleNegativesRankingLoss() {
        this(DEFAULT_SCALE, false, Reduction.MEAN);
    }

    /** Scores times {@code scale} (20 = temperature 0.05), one direction, mean over the queries. */
    public MultipleNegativesRankingLoss(double scale) {
        this(scale, false, Reduction.MEAN);
    }

    public MultipleNegativesRankingLoss(double scale, boolean symmetric, Reduction reduction) {
        this.scale = Checks.positive("scale", scale);
        this.symmetric = symmetric;
        this.reduction = reduction;
    }

    /** Queries and positives [N][d]; {@code negatives} [M][d] (any M, shared by all queries) or null (in-batch only). */
    @Override
    public NDArray forward(NDArray query, NDArray positive, NDArray negatives) {
        Checks.rank("query", query, 2);
        Checks.rank("positive", positive, 2);
        Checks.sameShape("query", query, "positive", positive);
        int n = Math.toIntExact(query.getShape().get(0));
        Checks.batchAtLeast("query", query, 2, "the multiple-negatives ranking loss");
        Cosine cosine = new Cosine();
        NDArray logits = cosine.matrix(query, positive).mul(scale);
        if (negatives != null) {
            Checks.rank("negatives", negatives, 2);
            Checks.sameDim("query", query, 1, "negatives", negatives, 1, "the embedding size d");
            logits = NDArrays.concat(new NDList(logits, cosine.matrix(query, negatives).mul(scale)), 1);
        }
        NDArray perQuery = CrossEntropy.perRow(logits, Index.diagonal(n));
        if (symmetric) {
            NDArray reverse = CrossEntropy.perRow(cosine.matrix(positive, query).mul(scale), Index.diagonal(n));
            perQuery = perQuery.add(reverse).mul(0.5);
        }
        return Checks.finiteResult(reduction.apply(perQuery), "multiple-negatives ranking loss",
                "query", query, "positive", positive, "negatives", negatives);
    }
}
