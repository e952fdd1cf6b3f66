package org.contrastive4j.bench;

import java.util.Arrays;

/** Medians and spreads of repeated timings, in milliseconds. */
public record Timing(double medianMs, double minMs, double maxMs) {

    /** Runs {@code warmup} untimed and {@code repeats} timed calls of {@code body}. */
    public static Timing measure(int warmup, int repeats, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = repeats % 2 == 1 ? ms[repeats / 2] : 0.5 * (ms[repeats / 2 - 1] + ms[repeats / 2]);
        return new Timing(median, ms[0], ms[repeats - 1]);
    }

    /** (max - min) / median: how noisy the measurement was. */
    public double spread() {
        return (maxMs - minMs) / medianMs;
    }
}
