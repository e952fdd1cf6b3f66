package org.contrastive4j.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics over graded relevance with trec_eval's definitions, as pytrec_eval computes
 * them for BEIR and MTEB: a document is relevant when its grade is above 0; the run is ranked by
 * decreasing score, ties by decreasing document id (trec_eval's order); each metric is the mean
 * over the judged queries.
 *
 * <ul>
 *   <li>nDCG@k ({@code ndcg_cut_k}): sum over the top k of grade / log2(rank + 1), over the same
 *   sum for the judged documents in decreasing grade (linear gains, trec_eval's default);</li>
 *   <li>MAP@k ({@code map_cut_k}): the precision at each relevant document's rank within the top
 *   k, summed, over the number of relevant documents;</li>
 *   <li>Recall@k ({@code recall_k}): relevant documents in the top k over all relevant ones;</li>
 *   <li>Precision@k ({@code P_k}): relevant documents in the top k over k;</li>
 *   <li>MRR@k (BEIR's own): 1 / the rank of the first relevant document within the top k.</li>
 * </ul>
 * A query without any relevant document scores 0 on each.
 */
public final class GradedRetrieval {

    /** One retrieved document and its score. */
    public record Hit(String id, double score) {}

    /** The means reported (MTEB's main score is {@code ndcgAt10}). */
    public record Result(int queries, double ndcgAt10, double mapAt100, double recallAt1, double recallAt10, double recallAt100,
                         double mrrAt10, double precisionAt10) {}

    private static final Comparator<Hit> TREC_ORDER = Comparator.comparingDouble(Hit::score).reversed()
            .thenComparing(Hit::id, Comparator.reverseOrder());

    private GradedRetrieval() {}

    /**
     * @param runs each judged query's retrieved documents (any order; at least the top 100 for MAP@100 and Recall@100)
     * @param qrels each query's judged documents and their grades
     */
    public static Result evaluate(Map<String, List<Hit>> runs, Map<String, Map<String, Integer>> qrels) {
        double[] sums = new double[7];
        for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
            List<Hit> ranked = new ArrayList<>(runs.getOrDefault(q.getKey(), List.of()));
            ranked.sort(TREC_ORDER);
            Map<String, Integer> grades = q.getValue();
            sums[0] += ndcg(ranked, grades, 10);
            sums[1] += averagePrecision(ranked, grades, 100);
            sums[2] += recall(ranked, grades, 1);
            sums[3] += recall(ranked, grades, 10);
            sums[4] += recall(ranked, grades, 100);
            sums[5] += reciprocalRank(ranked, grades, 10);
            sums[6] += relevantIn(ranked, grades, 10) / 10.0;
        }
        int n = qrels.size();
        return new Result(n, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n, sums[6] / n);
    }

    static double ndcg(List<Hit> ranked, Map<String, Integer> grades, int k) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, ranked.size()); r++) {
            dcg += gain(grades, ranked.get(r).id()) / log2(r + 2);
        }
        List<Integer> ideal = grades.values().stream().filter(g -> g > 0).sorted(Comparator.reverseOrder()).toList();
        double idcg = 0;
        for (int r = 0; r < Math.min(k, ideal.size()); r++) {
            idcg += ideal.get(r) / log2(r + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    static double averagePrecision(List<Hit> ranked, Map<String, Integer> grades, int k) {
        long relevant = relevantCount(grades);
        if (relevant == 0) {
            return 0;
        }
        double sum = 0;
        int found = 0;
        for (int r = 0; r < Math.min(k, ranked.size()); r++) {
            if (gain(grades, ranked.get(r).id()) > 0) {
                found++;
                sum += found / (double) (r + 1);
            }
        }
        return sum / relevant;
    }

    static double recall(List<Hit> ranked, Map<String, Integer> grades, int k) {
        long relevant = relevantCount(grades);
        return relevant == 0 ? 0 : relevantIn(ranked, grades, k) / (double) relevant;
    }

    static double reciprocalRank(List<Hit> ranked, Map<String, Integer> grades, int k) {
        for (int r = 0; r < Math.min(k, ranked.size()); r++) {
            if (gain(grades, ranked.get(r).id()) > 0) {
                return 1.0 / (r + 1);
            }
        }
        return 0;
    }

    private static int relevantIn(List<Hit> ranked, Map<String, Integer> grades, int k) {
        int found = 0;
        for (int r = 0; r < Math.min(k, ranked.size()); r++) {
            if (gain(grades, ranked.get(r).id()) > 0) {
                found++;
            }
        }
        return found;
    }

    private static long relevantCount(Map<String, Integer> grades) {
        return grades.values().stream().filter(g -> g > 0).count();
    }

    private static int gain(Map<String, Integer> grades, String id) {
        return Math.max(0, grades.getOrDefault(id, 0));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
