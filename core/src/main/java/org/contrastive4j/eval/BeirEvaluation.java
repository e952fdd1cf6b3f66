package org.contrastive4j.eval;

import org.contrastive4j.data.BeirDataset;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.tensor.Vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Dense retrieval on a {@link BeirDataset}, as BEIR's exact search does it: documents embedded
 * with the model's document prompt, queries with its query prompt, cosine scores over the whole
 * corpus, the top 100 per query (a document whose id is the query's own is left out, BEIR's
 * default), scored by {@link GradedRetrieval}.
 */
public final class BeirEvaluation {
    public static final int TOP = 100;

    private BeirEvaluation() {}

    public static GradedRetrieval.Result evaluate(TextModel model, BeirDataset data, int batchSize) {
        return evaluate(model, data, batchSize, 0);
    }

    /** With {@code dimensions > 0}, on the vectors truncated to their first {@code dimensions} components (Matryoshka). */
    public static GradedRetrieval.Result evaluate(TextModel model, BeirDataset data, int batchSize, int dimensions) {
        float[][] docs = model.embedAll(data.corpus().stream().map(BeirDataset.Document::content).toList(),
                model.prompts().documentName(), batchSize, null);
        float[][] queries = model.embedAll(data.queries().stream().map(BeirDataset.Query::text).toList(),
                model.prompts().queryName(), batchSize, null);
        if (dimensions > 0) {
            docs = Vectors.truncated(docs, dimensions);
            queries = Vectors.truncated(queries, dimensions);
        }
        return GradedRetrieval.evaluate(runs(data, docs, queries), data.qrels());
    }

    /** Each query's top {@link #TOP} documents by cosine. */
    static Map<String, List<GradedRetrieval.Hit>> runs(BeirDataset data, float[][] docs, float[][] queries) {
        double[][] unitDocs = new double[docs.length][];
        for (int i = 0; i < docs.length; i++) {
            unitDocs[i] = Vectors.unit(docs[i]);
        }
        Map<String, List<GradedRetrieval.Hit>> runs = new LinkedHashMap<>();
        for (int q = 0; q < queries.length; q++) {
            String queryId = data.queries().get(q).id();
            double[] u = Vectors.unit(queries[q]);
            PriorityQueue<GradedRetrieval.Hit> top = new PriorityQueue<>(java.util.Comparator.comparingDouble(GradedRetrieval.Hit::score));
            for (int d = 0; d < unitDocs.length; d++) {
                String docId = data.corpus().get(d).id();
                if (docId.equals(queryId)) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < u.length; k++) {
                    s += u[k] * unitDocs[d][k];
                }
                top.add(new GradedRetrieval.Hit(docId, s));
                if (top.size() > TOP) {
                    top.poll();
                }
            }
            runs.put(queryId, new ArrayList<>(top));
        }
        return runs;
    }
}
