package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.tensor.Index;
import org.contrastive4j.tensor.Scoped;

/**
 * InfoNCE (van den Oord et al. 2018, "Representation Learning with Contrastive Predictive
 * Coding"):
 *
 * <pre>  L_i = -log exp(s(q_i, k+_i) / tau) / sum_{k in K_i} exp(s(q_i, k) / tau)</pre>
 *
 * where K_i holds k+_i and the negatives of query i, drawn from any mix of:
 * <ul>
 *   <li>in-batch: the positives of the other queries, {@code k+_j, j != i};</li>
 *   <li>explicit: the query's own negatives {@code negatives[i]} [N][M][d] (hard negatives);</li>
 *   <li>a queue [K][d] shared by every query (MoCo's memory of past keys).</li>
 * </ul>
 * Explicit negatives belong to their own query only; a loss whose every row also sees the
 * other rows' hard negatives is {@link SimCseSupervisedLoss}.
 */
public final class InfoNceLoss {
    /** MoCo v1 / CLIP's initial temperature, the common default. */
    public static final double DEFAULT_TAU = 0.07;

    private final Similarity similarity;
    private final double tau;
    private final boolean inBatch;
    private final Reduction reduction;
    private final String name;

    /** Cosine, tau 0.07, in-batch negatives, mean over queries. */
    public InfoNceLoss() {
        this(new Cosine(), DEFAULT_TAU, true, Reduction.MEAN);
    }

    public InfoNceLoss(Similarity similarity, double tau, boolean inBatch, Reduction reduction) {
        this(similarity, tau, inBatch, reduction, "InfoNCE");
    }

    InfoNceLoss(Similarity similarity, double tau, boolean inBatch, Reduction reduction, String name) {
        this.similarity = similarity;
        this.tau = Checks.positive("tau", tau);
        this.inBatch = inBatch;
        this.reduction = reduction;
        this.name = name;
    }

    public double tau() {
        return tau;
    }

    /** In-batch negatives only: {@code query} and {@code positive} are [N][d]. */
    public NDArray forward(NDArray query, NDArray positive) {
        return forward(query, positive, null, null);
    }

    /**
     * @param negatives per-query negatives [N][M][d], or null
     * @param queue shared negatives [K][d], or null
     */
    public NDArray forward(NDArray query, NDArray positive, NDArray negatives, NDArray queue) {
        Checks.rank("query", query, 2);
        Checks.rank("positive", positive, 2);
        Checks.sameShape("query", query, "positive", positive);
        int n = Math.toIntExact(query.getShape().get(0));
        if (negatives != null) {
            Checks.rank("negatives", negatives, 3);
            Checks.sameDim("query", query, 0, "negatives", negatives, 0, "the batch size N");
            Checks.sameDim("query", query, 1, "negatives", negatives, 2, "the embedding size d");
        }
        if (queue != null) {
            Checks.rank("queue", queue, 2);
            Checks.sameDim("query", query, 1, "queue", queue, 1, "the embedding size d");
        }
        if (inBatch) {
            Checks.batchAtLeast("query", query, 2, name + " with in-batch negatives");
        } else if (negatives == null && queue == null) {
            throw new InvalidInputException(name + " needs negatives: use in-batch negatives, give 'negatives' or a 'queue'");
        }

        NDList columns = new NDList();
        int[] targets;
        if (inBatch) {
            columns.add(similarity.matrix(query, positive));
            targets = Index.diagonal(n);
        } else {
            columns.add(similarity.score(query, positive).reshape(n, 1));
            targets = new int[n];
        }
        if (negatives != null) {
            columns.add(similarity.score(query.expandDims(1), negatives));
        }
        if (queue != null) {
            columns.add(similarity.matrix(query, Scoped.detachedLike(queue, query)));
        }
        NDArray logits = (columns.size() == 1 ? columns.get(0) : NDArrays.concat(columns, 1)).div(tau);
        NDArray loss = reduction.apply(CrossEntropy.perRow(logits, targets));
        return Checks.finiteResult(loss, name, "query", query, "positive", positive, "negatives", negatives, "queue", queue);
    }
}
