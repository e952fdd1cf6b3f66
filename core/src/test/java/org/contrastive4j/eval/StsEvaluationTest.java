package org.contrastive4j.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spearman and Pearson as scipy computes them (scipy 1.10.1, spearmanr and pearsonr, on the same
 * numbers), with heavily tied gold scores as path similarity gives them, and past the size (about
 * 1,300 pairs) where Smile's CorTest.spearman overflows.
 */
class StsEvaluationTest {
    @Test
    void tiesShareTheirMeanRank() {
        // ranks 1 2 3 4 against 1.5 1.5 3.5 3.5: their Pearson correlation, 4 / (2 sqrt 5)
        StsEvaluation.Result r = StsEvaluation.correlations(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 2});
        assertEquals(0.8944271909999159, r.spearman(), 1e-15);
        assertEquals(4, r.pairs());
    }

    @Test
    void matchesScipyAtEverySize() {
        assertScipy(100, 0.5439073175415713, 0.4909673000297924);
        assertScipy(2000, 0.510360823733619, 0.4696284663543142);
        assertScipy(5000, 0.5050469725790531, 0.4676569949541261);
    }

    /** n pairs: gold 1 / (1 + d) for a path length d of 1-6 (six tied values), prediction -d plus noise. */
    private static void assertScipy(int n, double spearman, double pearson) {
        Random random = new Random(1);
        double[] predicted = new double[n];
        double[] gold = new double[n];
        for (int i = 0; i < n; i++) {
            int d = 1 + random.nextInt(6);
            gold[i] = 1.0 / (1 + d);
            predicted[i] = -d + random.nextGaussian() * 3;
        }
        StsEvaluation.Result r = StsEvaluation.correlations(predicted, gold);
        assertEquals(spearman, r.spearman(), 1e-12, n + " pairs: Spearman");
        assertEquals(pearson, r.pearson(), 1e-12, n + " pairs: Pearson");
    }
}
