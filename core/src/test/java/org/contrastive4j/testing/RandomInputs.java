package org.contrastive4j.testing;

import java.util.Random;

/** Seeded Gaussian inputs for loss tests. */
public final class RandomInputs {
    private final Random random;

    public RandomInputs(long seed) {
        this.random = new Random(seed);
    }

    public double[] gaussian(int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    public int[] labels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    public Random random() {
        return random;
    }
}
