package org.contrastive4j.eval;

import org.contrastive4j.tensor.Rows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.TextModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Retrieval evaluation: every query against the whole candidate pool (e.g. gloss queries over
 * all lemmas of the held-out split), exact cosine ranking in batched matrix products, each
 * query with one relevant candidate.
 */
public final class RetrievalRanking {
    private RetrievalRanking() {}

    /**
     * @param relevant the relevant candidate of each query (duplicated candidates are merged:
     *     the pool holds each distinct text once)
     */
    public static RetrievalMetrics evaluate(TextModel model, List<String> queries, List<String> relevant, int batchSize) {
        List<TextPair> pairs = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            pairs.add(new TextPair(queries.get(i), relevant.get(i), null, null));
        }
        return new TextEvaluation(pairs, null, batchSize).evaluate("retrieval", model).retrieval();
    }

    /** The 1-based rank of {@code target[i]} among all candidates for query i (ties count against it). */
    public static int[] ranks(float[][] queries, float[][] candidates, int[] target) {
        int[] ranks = new int[queries.length];
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
            NDArray bank = Rows.of(manager, candidates).normalize(2, 1, 1e-12).transpose();
            for (int start = 0; start < queries.length; start += 256) {
                int end = Math.min(queries.length, start + 256);
                try (NDManager step = manager.newSubManager()) {
                    float[] s = Rows.of(step, queries, start, end).normalize(2, 1, 1e-12).matMul(bank).toFloatArray();
                    int n = candidates.length;
                    for (int i = start; i < end; i++) {
                        float own = s[(i - start) * n + target[i]];
                        int rank = 1;
                        for (int j = 0; j < n; j++) {
                            if (j != target[i] && s[(i - start) * n + j] >= own) {
                                rank++;
                            }
                        }
                        ranks[i] = rank;
                    }
                }
            }
        }
        return ranks;
    }
}
