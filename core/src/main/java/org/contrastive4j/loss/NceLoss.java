package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.similarity.DotProduct;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;

/**
 * Binary noise-contrastive estimation (Gutmann and Hyvarinen 2010; Mnih and Teh 2012): each
 * query has one positive k+ and M negatives drawn from a noise distribution p_n, and a logistic
 * classifier tells data from noise with the logit
 *
 * <pre>  logit(q, k) = s(q, k) - log(M * p_n(k))
 *   L_i = -log sigmoid(logit(q_i, k+_i)) - sum_j log(1 - sigmoid(logit(q_i, k-_ij)))</pre>
 *
 * Without noise log-probabilities the correction is taken as 0 (M p_n(k) = 1): that is
 * word2vec's skip-gram negative sampling (Mikolov et al. 2013), with the dot product as score.
 */
public final class NceLoss {
    private final Similarity similarity;
    private final Reduction reduction;

    /** Dot product, mean over queries. */
    public NceLoss() {
        this(new DotProduct(), Reduction.MEAN);
    }

    public NceLoss(Similarity similarity, Reduction reduction) {
        this.similarity = similarity;
        this.reduction = reduction;
    }

    /** Negative sampling: {@code query}, {@code positive} [N][d], {@code negatives} [N][M][d]. */
    public NDArray forward(NDArray query, NDArray positive, NDArray negatives) {
        return forward(query, positive, negatives, null, null);
    }

    /**
     * NCE with the noise distribution's log-probabilities of each key: {@code logNoisePositive}
     * [N] and {@code logNoiseNegatives} [N][M] (both or neither).
     */
    public NDArray forward(NDArray query, NDArray positive, NDArray negatives,
                           NDArray logNoisePositive, NDArray logNoiseNegatives) {
        Checks.rank("query", query, 2);
        Checks.rank("positive", positive, 2);
        Checks.rank("negatives", negatives, 3);
        Checks.sameShape("query", query, "positive", positive);
        Checks.sameDim("query", query, 0, "negatives", negatives, 0, "the batch size N");
        Checks.sameDim("query", query, 1, "negatives", negatives, 2, "the embedding size d");
        if ((logNoisePositive == null) != (logNoiseNegatives == null)) {
            throw new InvalidInputException("give both 'log_noise_positive' and 'log_noise_negatives', or neither");
        }
        NDArray positiveLogit = similarity.score(query, positive);
        NDArray negativeLogits = similarity.score(query.expandDims(1), negatives);
        if (logNoisePositive != null) {
            Checks.rank("log_noise_positive", logNoisePositive, 1);
            Checks.rank("log_noise_negatives", logNoiseNegatives, 2);
            Checks.sameDim("query", query, 0, "log_noise_positive", logNoisePositive, 0, "the batch size N");
            if (!logNoiseNegatives.getShape().equals(negatives.getShape().slice(0, 2))) {
                throw new InvalidInputException("input 'log_noise_negatives' " + Checks.describe(logNoiseNegatives.getShape())
                        + " must be [N][M] like 'negatives' " + Checks.describe(negatives.getShape()));
            }
            double logM = Math.log(negatives.getShape().get(1));
            positiveLogit = positiveLogit.sub(logNoisePositive.add(logM));
            negativeLogits = negativeLogits.sub(logNoiseNegatives.add(logM));
        }
        // -log sigmoid(x) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x), both exact for large |x|.
        NDArray perQuery = CrossEntropy.softplus(positiveLogit.neg())
                .add(CrossEntropy.softplus(negativeLogits).sum(new int[] {1}));
        return Checks.finiteResult(reduction.apply(perQuery), "NCE loss", "query", query, "positive", positive,
                "negatives", negatives, "log_noise_positive", logNoisePositive, "log_noise_negatives", logNoiseNegatives);
    }
}
