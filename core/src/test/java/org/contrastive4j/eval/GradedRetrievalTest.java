package org.contrastive4j.eval;

import org.contrastive4j.eval.GradedRetrieval.Hit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** trec_eval's definitions (as pytrec_eval, BEIR and MTEB use them), computed by hand. */
class GradedRetrievalTest {
    private static final double L3 = Math.log(3) / Math.log(2);
    private static final double L5 = Math.log(5) / Math.log(2);

    @Test
    void gradedRelevanceByHand() {
        // ranked d3 (grade 0), d1 (2), d4 (unjudged), d2 (1)
        GradedRetrieval.Result r = GradedRetrieval.evaluate(
                Map.of("q", List.of(new Hit("d2", 0.6), new Hit("d1", 0.8), new Hit("d4", 0.7), new Hit("d3", 0.9))),
                Map.of("q", Map.of("d1", 2, "d2", 1, "d3", 0)));
        assertEquals((2 / L3 + 1 / L5) / (2 + 1 / L3), r.ndcgAt10(), 1e-12, "linear gains, ideal order 2, 1");
        assertEquals((1 / 2.0 + 2 / 4.0) / 2, r.mapAt100(), 1e-12, "precision at ranks 2 and 4, over 2 relevant");
        assertEquals(0, r.recallAt1(), 0);
        assertEquals(1, r.recallAt10(), 0);
        assertEquals(1, r.recallAt100(), 0);
        assertEquals(0.5, r.mrrAt10(), 0);
        assertEquals(0.2, r.precisionAt10(), 1e-12, "2 relevant in the top 10, over 10");
    }

    @Test
    void tiesAreBrokenByDecreasingDocumentIdAsTrecEvalDoes() {
        // all three score 0.5: trec_eval ranks c, b, a
        GradedRetrieval.Result r = GradedRetrieval.evaluate(
                Map.of("q", List.of(new Hit("a", 0.5), new Hit("b", 0.5), new Hit("c", 0.5))), Map.of("q", Map.of("b", 1)));
        assertEquals(0.5, r.mrrAt10(), 0);
        assertEquals(1 / L3, r.ndcgAt10(), 1e-12);
        assertEquals(0, r.recallAt1(), 0);
        GradedRetrieval.Result first = GradedRetrieval.evaluate(
                Map.of("q", List.of(new Hit("a", 0.5), new Hit("b", 0.5), new Hit("c", 0.5))), Map.of("q", Map.of("c", 1)));
        assertEquals(1, first.recallAt1(), 0);
    }

    @Test
    void meansOverJudgedQueriesAndAQueryWithNothingRelevantScoresZero() {
        GradedRetrieval.Result r = GradedRetrieval.evaluate(
                Map.of("q1", List.of(new Hit("a", 0.9)), "q2", List.of(new Hit("x", 0.9)), "unjudged", List.of(new Hit("a", 1))),
                Map.of("q1", Map.of("a", 3), "q2", Map.of("x", 0), "q3", Map.of("a", 1)));
        assertEquals(3, r.queries(), "the judged queries; one never retrieved anything (q3), one run has no judgments");
        assertEquals(1 / 3.0, r.ndcgAt10(), 1e-12);
        assertEquals(1 / 3.0, r.mapAt100(), 1e-12);
        assertEquals(1 / 30.0, r.precisionAt10(), 1e-12);
    }

    @Test
    void cutoffsCountOnlyTheTopK() {
        List<Hit> run = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            run.add(new Hit(String.format("d%03d", i), 1.0 - i / 1000.0));
        }
        // relevant at ranks 5, 50 and 120
        GradedRetrieval.Result r = GradedRetrieval.evaluate(Map.of("q", run), Map.of("q", Map.of("d004", 1, "d049", 1, "d119", 1)));
        assertEquals(1 / 3.0, r.recallAt10(), 1e-12);
        assertEquals(2 / 3.0, r.recallAt100(), 1e-12);
        assertEquals((1 / 5.0 + 2 / 50.0) / 3, r.mapAt100(), 1e-12, "the one past rank 100 adds nothing but counts as relevant");
        assertEquals(0.2, r.mrrAt10(), 1e-12);
        assertEquals((1 / (Math.log(6) / Math.log(2))) / (1 + 1 / L3 + 1 / 2.0), r.ndcgAt10(), 1e-12,
                "rank 5 over the ideal three at ranks 1-3");
    }
}
