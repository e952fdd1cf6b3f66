package org.contrastive4j.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** c4j bench simclr-step on a tiny budget, and its one-line error. */
class BenchCommandTest {
    @Test
    void simclrStepPrintsItsRowAndRefusesABatchOfOne() {
        CliRun run = CliRun.of("bench", "simclr-step", "--batch", "8", "--batches", "1", "--warmup", "0", "--repeats", "2", "--tsv");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals("batch\tstep_ms\tspread\tstep_gflop\tpeak_gflops", lines[0]);
        assertTrue(lines[1].startsWith("8\t"), run.out());
        CliRun.of("bench", "simclr-step", "--batch", "1").assertOneLineError("--batch >= 2");
    }
}
