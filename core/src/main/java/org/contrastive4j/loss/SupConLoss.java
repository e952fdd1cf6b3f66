package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.tensor.Index;

/**
 * Supervised contrastive loss (Khosla et al. 2020, "Supervised Contrastive Learning"). Labels
 * define the positives P(i) = {p != i : y_p = y_i}; A(i) is every anchor but i, and
 * {@code l_ia = log(exp(s_ia/tau) / sum_{a in A(i)} exp(s_ia/tau))}:
 *
 * <pre>
 *   L_out(i) = -1/|P(i)| sum_{p in P(i)} l_ip             (the log outside the mean; the paper's choice)
 *   L_in(i)  = -log( 1/|P(i)| sum_{p in P(i)} exp(l_ip) ) (the log inside)
 * </pre>
 *
 * Anchors without any positive are skipped (they are not counted in the mean), so a batch with
 * a singleton class stays finite. The paper's code also multiplies by tau / base_tau; that
 * factor is 1 at its defaults and is left out here.
 */
public final class SupConLoss implements EmbeddingLoss {
    /** The paper's temperature. */
    public static final double DEFAULT_TAU = 0.1;

    /** Where the log sits relative to the mean over positives. */
    public enum Variant { OUT, IN }

    private final Similarity similarity;
    private final double tau;
    private final Variant variant;
    private final Reduction reduction;

    public SupConLoss() {
        this(DEFAULT_TAU, Variant.OUT);
    }

    public SupConLoss(double tau, Variant variant) {
        this(new Cosine(), tau, variant, Reduction.MEAN);
    }

    public SupConLoss(Similarity similarity, double tau, Variant variant, Reduction reduction) {
        this.similarity = similarity;
        this.tau = Checks.positive("tau", tau);
        this.variant = variant;
        this.reduction = reduction;
    }

    /** Two views [N][d] of N labelled examples: 2N anchors, each view's twin among its positives. */
    public NDArray forward(NDArray v1, NDArray v2, int[] labels) {
        Checks.rank("v1", v1, 2);
        Checks.rank("v2", v2, 2);
        Checks.sameShape("v1", v1, "v2", v2);
        Checks.labels("labels", labels, v1.getShape().get(0));
        int n = labels.length;
        int[] twice = new int[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            twice[i] = labels[i % n];
        }
        return forward(NDArrays.concat(new NDList(v1, v2), 0), twice);
    }

    /** Embeddings [M][d] with one label each; any number of views per class. */
    @Override
    public NDArray forward(NDArray embeddings, int[] labels) {
        Checks.rank("embeddings", embeddings, 2);
        Checks.labels("labels", labels, embeddings.getShape().get(0));
        Checks.batchAtLeast("embeddings", embeddings, 2, "SupCon loss");
        int m = labels.length;

        int[] counts = new int[m];
        int valid = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (j != i && labels[j] == labels[i]) {
                    counts[i]++;
                }
            }
            if (counts[i] > 0) {
                valid++;
            }
        }
        if (valid == 0) {
            // No anchor has a positive: nothing to learn from, but keep the graph connected.
            return embeddings.sum().mul(0);
        }
        int[] anchors = new int[valid];
        boolean[] positive = new boolean[valid * m];
        double[] positiveCounts = new double[valid];
        for (int i = 0, r = 0; i < m; i++) {
            if (counts[i] == 0) {
                continue;
            }
            anchors[r] = i;
            positiveCounts[r] = counts[i];
            for (int j = 0; j < m; j++) {
                positive[r * m + j] = j != i && labels[j] == labels[i];
            }
            r++;
        }

        NDArray logits = similarity.matrix(embeddings, embeddings).div(tau);
        NDArray logProb = CrossEntropy.excludeDiagonal(logits).logSoftmax(1);
        NDArray anchorLogProb = Index.rows(logProb, anchors);
        NDArray positives = embeddings.getManager().create(positive).reshape(valid, m);

        NDArray count = embeddings.getManager().create(positiveCounts).toType(logits.getDataType(), false);
        NDArray perAnchor;
        if (variant == Variant.OUT) {
            perAnchor = CrossEntropy.zeroOutside(anchorLogProb, positives).sum(new int[] {1}).div(count).neg();
        } else {
            perAnchor = CrossEntropy.logSumExp(CrossEntropy.exclude(anchorLogProb, positives), 1).sub(count.log()).neg();
        }
        return Checks.finiteResult(reduction.apply(perAnchor), "SupCon loss", "embeddings", embeddings);
    }
}
