package org.contrastive4j.eval;

import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.ScoredPair;
import org.contrastive4j.encoder.TextModel;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a text run is judged by, on held-out data: retrieval (each query over the pool of all
 * relevant texts: Recall@1/10, MRR@10, nDCG@10), alignment of (query, relevant) pairs and
 * uniformity of the queries (Wang and Isola), and, when scored pairs are given, the Spearman
 * correlation between cosine similarity and the pairs' scores. Each text is embedded once.
 */
public final class TextEvaluation {

    /** One row of the results table. */
    public record Result(String name, RetrievalMetrics retrieval, double alignment, double uniformity, double spearman) {}

    private final List<String> queries;
    private final List<String> pool;
    private final int[] target;
    private final List<ScoredPair> scored;
    private final int batchSize;

    public TextEvaluation(List<TextPair> retrieval, List<ScoredPair> scored, int batchSize) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (TextPair p : retrieval) {
            index.putIfAbsent(p.positive(), index.size());
        }
        this.queries = retrieval.stream().map(TextPair::anchor).toList();
        this.pool = new ArrayList<>(index.keySet());
        this.target = retrieval.stream().mapToInt(p -> index.get(p.positive())).toArray();
        this.scored = scored == null ? List.of() : scored;
        this.batchSize = batchSize;
    }

    public int queryCount() {
        return queries.size();
    }

    public int poolSize() {
        return pool.size();
    }

    public Result evaluate(String name, TextModel model) {
        return evaluate(name, model, 0);
    }

    /**
     * With {@code dimensions > 0}, retrieval, alignment and uniformity on the vectors truncated
     * to their first {@code dimensions} components and re-normalised (Matryoshka); the Spearman
     * correlation stays on the whole vectors.
     */
    public Result evaluate(String name, TextModel model, int dimensions) {
        float[][] q = model.embedAll(queries, model.prompts().queryName(), batchSize, null);
        float[][] c = model.embedAll(pool, model.prompts().documentName(), batchSize, null);
        if (dimensions > 0) {
            q = org.contrastive4j.tensor.Vectors.truncated(q, dimensions);
            c = org.contrastive4j.tensor.Vectors.truncated(c, dimensions);
        }
        RetrievalMetrics retrieval = RetrievalMetrics.of(RetrievalRanking.ranks(q, c, target));
        float[][] relevant = new float[q.length][];
        for (int i = 0; i < q.length; i++) {
            relevant[i] = c[target[i]];
        }
        double alignment = AlignmentUniformity.alignment(q, relevant);
        double uniformity = AlignmentUniformity.uniformity(q.length > 2000 ? java.util.Arrays.copyOf(q, 2000) : q);
        return new Result(name, retrieval, alignment, uniformity, spearman(model));
    }

    /** Spearman correlation of cosine similarity with the pairs' scores; NaN without scored pairs. */
    public double spearman(TextModel model) {
        if (scored.size() < 3) {
            return Double.NaN;
        }
        return StsEvaluation.evaluate(model, scored, batchSize).spearman();
    }
}
