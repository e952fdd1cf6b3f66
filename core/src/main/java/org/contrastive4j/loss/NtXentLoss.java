package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;

/**
 * NT-Xent, the normalised temperature-scaled cross-entropy of SimCLR (Chen et al. 2020, "A
 * Simple Framework for Contrastive Learning of Visual Representations"). The 2N views
 * z = [z1; z2] are all anchors; the positive of view i is the other view of the same example
 * and the denominator runs over every k != i:
 *
 * <pre>  L_i = -log exp(s(z_i, z_p(i)) / tau) / sum_{k != i} exp(s(z_i, z_k) / tau),  p(i) = (i + N) mod 2N</pre>
 *
 * averaged over all 2N anchors. Given embeddings with labels ({@link EmbeddingLoss}), every pair
 * (i, p) with one label is a term whose denominator holds p and the rows of other labels, as
 * pytorch-metric-learning's NTXentLoss; with two views per label it is the formula above. The self-similarity is taken out of the softmax in place, so
 * the positive keeps its own column index: the mistake of
 * seed 002, which drops the diagonal and then reads the positive from a shifted column, cannot
 * happen here.
 */
public final class NtXentLoss implements EmbeddingLoss {
    /** SimCLR's temperature for small-batch CIFAR-scale training (lightly's default). */
    public static final double DEFAULT_TAU = 0.5;

    private final Similarity similarity;
    private final double tau;
    private final Reduction reduction;

    public NtXentLoss() {
        this(DEFAULT_TAU);
    }

    public NtXentLoss(double tau) {
        this(new Cosine(), tau, Reduction.MEAN);
    }

    public NtXentLoss(Similarity similarity, double tau, Reduction reduction) {
        this.similarity = similarity;
        this.tau = Checks.positive("tau", tau);
        this.reduction = reduction;
    }

    public double tau() {
        return tau;
    }

    /** {@code z1}, {@code z2}: the two views [N][d], row i of each from the same example. */
    public NDArray forward(NDArray z1, NDArray z2) {
        Checks.rank("z1", z1, 2);
        Checks.rank("z2", z2, 2);
        Checks.sameShape("z1", z1, "z2", z2);
        int n = Math.toIntExact(z1.getShape().get(0));
        Checks.batchAtLeast("z1", z1, 2, "NT-Xent");
        NDArray z = NDArrays.concat(new ai.djl.ndarray.NDList(z1, z2), 0);
        NDArray logits = similarity.matrix(z, z).div(tau);
        int[] targets = new int[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            targets[i] = (i + n) % (2 * n);
        }
        NDArray perAnchor = CrossEntropy.perRow(CrossEntropy.excludeDiagonal(logits), targets);
        return Checks.finiteResult(reduction.apply(perAnchor), "NT-Xent", "z1", z1, "z2", z2);
    }

    /**
     * Over labelled embeddings [m][d]: the mean over every ordered pair (i, p), p != i, of one
     * label of {@code -log exp(l_ip) / (exp(l_ip) + sum_{k: y_k != y_i} exp(l_ik))}, l = s / tau.
     * Rows without a positive add no term. For two stacked views labelled
     * {@link EmbeddingLoss#views(int, int)} it equals {@link #forward(NDArray, NDArray)} to the bit.
     */
    @Override
    public NDArray forward(NDArray embeddings, int[] labels) {
        Checks.rank("embeddings", embeddings, 2);
        Checks.labels("labels", labels, embeddings.getShape().get(0));
        Checks.batchAtLeast("embeddings", embeddings, 2, "NT-Xent");
        int m = labels.length;
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        boolean onePositiveEach = true;
        for (int i = 0; i < m; i++) {
            int positives = 0;
            for (int p = 0; p < m; p++) {
                if (p != i && labels[p] == labels[i]) {
                    pairs.add(new int[] {i, p});
                    positives++;
                }
            }
            onePositiveEach &= positives == 1;
        }
        if (pairs.isEmpty()) {
            return embeddings.sum().mul(0); // no positive pair: nothing to learn, the graph stays connected
        }
        NDArray logits = similarity.matrix(embeddings, embeddings).div(tau);
        int[] targets = pairs.stream().mapToInt(pair -> pair[1]).toArray();
        NDArray perPair;
        if (onePositiveEach) {
            // every other row of the anchor is a negative: only the anchor itself leaves the softmax
            perPair = CrossEntropy.perRow(CrossEntropy.excludeDiagonal(logits), targets);
        } else {
            boolean[] keep = new boolean[pairs.size() * m];
            int[] anchors = new int[pairs.size()];
            for (int r = 0; r < pairs.size(); r++) {
                int i = pairs.get(r)[0];
                anchors[r] = i;
                for (int k = 0; k < m; k++) {
                    keep[r * m + k] = k == targets[r] || labels[k] != labels[i];
                }
            }
            NDArray mask = embeddings.getManager().create(keep).reshape(pairs.size(), m);
            perPair = CrossEntropy.perRow(CrossEntropy.exclude(org.contrastive4j.tensor.Index.rows(logits, anchors), mask), targets);
        }
        return Checks.finiteResult(reduction.apply(perPair), "NT-Xent", "embeddings", embeddings);
    }

    /**
     * NT-Xent with known false negatives masked: for anchor i, every view k != i whose example has
     * the same label as i's, other than i's own positive, is taken out of the denominator (seed
     * 001's remedy when labels are known). With all labels distinct it equals {@link #forward(NDArray, NDArray)}.
     */
    public NDArray forward(NDArray z1, NDArray z2, int[] labels) {
        Checks.rank("z1", z1, 2);
        Checks.rank("z2", z2, 2);
        Checks.sameShape("z1", z1, "z2", z2);
        int n = Math.toIntExact(z1.getShape().get(0));
        Checks.batchAtLeast("z1", z1, 2, "NT-Xent");
        Checks.labels("labels", labels, n);
        NDArray z = NDArrays.concat(new ai.djl.ndarray.NDList(z1, z2), 0);
        NDArray logits = similarity.matrix(z, z).div(tau);
        int[] targets = new int[2 * n];
        boolean[] keep = new boolean[4 * n * n];
        for (int i = 0; i < 2 * n; i++) {
            targets[i] = (i + n) % (2 * n);
            for (int k = 0; k < 2 * n; k++) {
                keep[i * 2 * n + k] = k != i && (k == targets[i] || labels[k % n] != labels[i % n]);
            }
        }
        NDArray mask = z.getManager().create(keep).reshape(2 * n, 2 * n);
        NDArray perAnchor = CrossEntropy.perRow(CrossEntropy.exclude(logits, mask), targets);
        return Checks.finiteResult(reduction.apply(perAnchor), "NT-Xent (false negatives masked)", "z1", z1, "z2", z2);
    }
}
