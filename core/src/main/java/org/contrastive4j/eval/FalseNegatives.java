package org.contrastive4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * How often in-batch negatives are false negatives (seed 001's concern with small temperatures,
 * which weight the hardest negatives most): for each of the 2N views, its {@code k} most similar
 * views other than itself and its positive, and the share of those that carry its own label.
 * Compared with the chance share (same-label views among all candidates) it says whether the
 * hardest negatives are disproportionately same-class.
 */
public final class FalseNegatives {
    private FalseNegatives() {}

    /** The measured share and the chance share for one batch. */
    public record Share(double topK, double chance) {}

    /** @param z the 2N projected views, first views then second views; {@code labels} the N examples' labels */
    public static Share of(NDArray z, int[] labels, int k) {
        int n = labels.length;
        int m = 2 * n;
        int kk = Math.min(k, m - 2);
        try (NDManager scratch = z.getManager().newSubManager()) {
            NDArray u = z.stopGradient().normalize(2, 1, 1e-12);
            u.attach(scratch);
            float[] s = u.matMul(u.transpose()).toFloatArray();
            long hits = 0;
            long same = 0;
            for (int i = 0; i < m; i++) {
                int positive = (i + n) % m;
                int label = labels[i % n];
                boolean[] taken = new boolean[m];
                taken[i] = true;
                taken[positive] = true;
                for (int j = 0; j < m; j++) {
                    if (!taken[j] && labels[j % n] == label) {
                        same++;
                    }
                }
                for (int r = 0; r < kk; r++) {
                    int best = -1;
                    for (int j = 0; j < m; j++) {
                        if (!taken[j] && (best < 0 || s[i * m + j] > s[i * m + best])) {
                            best = j;
                        }
                    }
                    taken[best] = true;
                    if (labels[best % n] == label) {
                        hits++;
                    }
                }
            }
            return new Share(hits / (double) (m * kk), same / (double) (m * (m - 2)));
        }
    }
}
