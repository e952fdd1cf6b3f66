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
        return of(ms);
    }

    /**
     * The durations between consecutive step ends of a training run, {@code ends[0]} its start:
     * the first {@code warmup} steps are left out, the next {@code repeats} timed.
     */
    public static Timing ofStepEnds(long[] ends, int warmup, int repeats) {
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            ms[i] = (ends[warmup + i + 1] - ends[warmup + i]) / 1e6;
        }
        return of(ms);
    }

    private static Timing of(double[] ms) {
        Arrays.sort(ms);
        int n = ms.length;
        double median = n % 2 == 1 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
        return new Timing(median, ms[0], ms[n - 1]);
    }

    /** (max - min) / median: how noisy the measurement was. */
    public double spread() {
        return (maxMs - minMs) / medianMs;
    }
}
