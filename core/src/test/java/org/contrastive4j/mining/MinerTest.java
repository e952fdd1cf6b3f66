package org.contrastive4j.mining;

import org.contrastive4j.testing.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The miners against a brute-force search over every valid triplet, on random labelled batches. */
class MinerTest {

    private static double[][] randomSimilarity(RandomInputs random, int n) {
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = i == j ? 1 : random.random().nextDouble() * 2 - 1;
            }
        }
        return s;
    }

    private static Set<List<Integer>> asSet(Triplets t) {
        Set<List<Integer>> set = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            set.add(List.of(t.anchors()[i], t.positives()[i], t.negatives()[i]));
        }
        return set;
    }

    @Test
    void allTripletsAreEveryValidTriplet() {
        RandomInputs random = new RandomInputs(1);
        int[] labels = {0, 0, 1, 1, 1, 2};
        Triplets t = new AllTripletsMiner().mine(randomSimilarity(random, 6), labels);
        // positives per class: 2*1 + 3*2 + 0 = 8 ordered pairs; negatives: 4, 3, 3 per anchor class.
        assertEquals(2 * 4 + 6 * 3, t.size());
        assertEquals(t.size(), asSet(t).size());
    }

    @Test
    void batchHardPicksTheTripletWithTheLargestViolationPerAnchor() {
        RandomInputs random = new RandomInputs(2);
        for (int trial = 0; trial < 20; trial++) {
            int n = 12;
            int[] labels = random.labels(n, 4);
            double[][] s = randomSimilarity(random, n);
            Set<List<Integer>> expected = new HashSet<>();
            for (int a = 0; a < n; a++) {
                double best = Double.NEGATIVE_INFINITY;
                List<Integer> chosen = null;
                for (int p = 0; p < n; p++) {
                    for (int k = 0; k < n; k++) {
                        if (p != a && labels[p] == labels[a] && labels[k] != labels[a]) {
                            double violation = s[a][k] - s[a][p];
                            if (violation > best) {
                                best = violation;
                                chosen = List.of(a, p, k);
                            }
                        }
                    }
                }
                if (chosen != null) {
                    expected.add(chosen);
                }
            }
            assertEquals(expected, asSet(new BatchHardMiner().mine(s, labels)));
        }
    }

    @Test
    void semiHardPicksTheClosestNegativeBeyondThePositiveWithinTheMargin() {
        RandomInputs random = new RandomInputs(3);
        double margin = 0.4;
        for (int trial = 0; trial < 20; trial++) {
            int n = 12;
            int[] labels = random.labels(n, 3);
            double[][] s = randomSimilarity(random, n);
            Set<List<Integer>> expected = new HashSet<>();
            for (int a = 0; a < n; a++) {
                for (int p = 0; p < n; p++) {
                    if (p == a || labels[p] != labels[a]) {
                        continue;
                    }
                    List<Integer> chosen = null;
                    double best = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < n; k++) {
                        // loss = s_an - s_ap + m lies strictly inside (0, m).
                        double loss = s[a][k] - s[a][p] + margin;
                        if (labels[k] != labels[a] && loss > 0 && loss < margin && loss > best) {
                            best = loss;
                            chosen = List.of(a, p, k);
                        }
                    }
                    if (chosen != null) {
                        expected.add(chosen);
                    }
                }
            }
            Triplets t = new SemiHardMiner(margin).mine(s, labels);
            assertEquals(expected, asSet(t));
            assertTrue(t.size() > 0);
        }
    }
}
