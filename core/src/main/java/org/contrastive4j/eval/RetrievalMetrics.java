package org.contrastive4j.eval;

/**
 * Ranking metrics for queries with one relevant item each: Recall@1, Recall@10, MRR@10 and
 * nDCG@10 (with a single relevant item, DCG = 1 / log2(rank + 1) and the ideal DCG is 1).
 */
public record RetrievalMetrics(int queries, double recallAt1, double recallAt10, double mrrAt10, double ndcgAt10) {

    /** @param ranks the 1-based rank of each query's relevant item (any value above 10 counts as a miss) */
    public static RetrievalMetrics of(int[] ranks) {
        double r1 = 0;
        double r10 = 0;
        double mrr = 0;
        double ndcg = 0;
        for (int rank : ranks) {
            if (rank == 1) {
                r1++;
            }
            if (rank <= 10) {
                r10++;
                mrr += 1.0 / rank;
                ndcg += 1.0 / (Math.log(rank + 1) / Math.log(2));
            }
        }
        int n = ranks.length;
        return new RetrievalMetrics(n, r1 / n, r10 / n, mrr / n, ndcg / n);
    }
}
