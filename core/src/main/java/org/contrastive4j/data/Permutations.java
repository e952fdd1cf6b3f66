package org.contrastive4j.data;

import java.util.SplittableRandom;

/** Fisher-Yates permutations of 0..n-1 from a given random stream (so the run's seed decides them). */
public final class Permutations {
    private Permutations() {}

    public static int[] of(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
