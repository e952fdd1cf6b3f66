package org.contrastive4j.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FLOP count behind the benchmark's share-of-peak column, checked by hand. */
class TrainStepBenchmarkTest {
    @Test
    void forwardFlopsOfTheBenchmarkedSimClrModelMatchAHandCount() {
        // Multiply-adds per 28x28 image: stem 1->16 (3x3, 28x28); stage 1: two 16->16 3x3 at 28x28;
        // stage 2: 16->32 and 32->32 3x3 at 14x14 plus a 1x1 16->32 shortcut; stage 3 the same at 7x7
        // with 32->64; head 64x64 + 64x128.
        double macs = 16 * 9 * 784 + 2 * 16 * 16 * 9 * 784
                + (16 * 32 * 9 + 32 * 32 * 9 + 16 * 32) * 196
                + (32 * 64 * 9 + 64 * 64 * 9 + 32 * 64) * 49
                + 64 * 64 + 64 * 128;
        double flops = TrainStepBenchmark.forwardFlops(TrainStepBenchmark.twinConfig(1, 28), new int[] {1, 28, 28}, 512);
        assertEquals(2 * macs * 512, flops, 1e-6);
    }
}
