package org.contrastive4j.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimingTest {
    @Test
    void stepEndsSkipTheWarmUpAndTakeTheMedianOfTheRest() {
        long ms = 1_000_000;
        long[] ends = {0, 50 * ms, 52 * ms, 56 * ms, 59 * ms};
        Timing t = Timing.ofStepEnds(ends, 1, 3);
        assertEquals(3.0, t.medianMs(), 1e-9);
        assertEquals(2.0, t.minMs(), 1e-9);
        assertEquals(4.0, t.maxMs(), 1e-9);
        assertEquals(3.5, Timing.ofStepEnds(ends, 2, 2).medianMs(), 1e-9);
    }
}
