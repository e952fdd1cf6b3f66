package org.contrastive4j.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** c4j bench commands on tiny budgets, and their one-line errors. */
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

    @Test
    void lossBenchmarkMeasuresBothLossesAndRefusesABatchOfOne() {
        CliRun run = CliRun.of("bench", "ntxent", "--loss", "ntxent,infonce", "--n", "8", "--d", "4", "--warmup", "0", "--repeats", "2",
                "--tsv");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals("loss\tn\td\tloss_ms\tgemm_ms\tspread", lines[0]);
        assertTrue(lines[1].startsWith("ntxent\t8\t4\t") && lines[2].startsWith("infonce\t8\t4\t"), run.out());
        CliRun.of("bench", "ntxent", "--loss", "triplet").assertOneLineError("triplet", "infonce");
        CliRun.of("bench", "ntxent", "--n", "1").assertOneLineError("--n");
        CliRun.of("bench", "ntxent", "--repeats", "0").assertOneLineError("--repeats");
    }

    @Test
    void residentMemoryWritesItsSeriesAndPlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CliRun run = CliRun.of("bench", "rss", "--steps", "6", "--every", "2", "--batch", "4", "--batches", "2",
                "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        java.util.List<String> rows = java.nio.file.Files.readAllLines(dir.resolve("rss.tsv"));
        assertEquals(java.util.List.of("step", "0", "2", "4", "6"), rows.stream().map(r -> r.split("\t")[0]).toList());
        assertTrue(java.nio.file.Files.size(dir.resolve("rss.png")) > 1000);
        assertTrue(run.out().contains("MiB per 1000 steps"), run.out());
    }

    @Test
    void residentMemoryOfTheRetriever(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CliRun run = CliRun.of("bench", "rss", "--method", "retriever", "--steps", "4", "--every", "2", "--batch", "2",
                "--max-tokens", "8", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        java.util.List<String> rows = java.nio.file.Files.readAllLines(dir.resolve("rss.tsv"));
        assertEquals(java.util.List.of("step", "0", "2", "4"), rows.stream().map(r -> r.split("\t")[0]).toList());
        CliRun.of("bench", "rss", "--method", "dino").assertOneLineError("--method", "dino");
    }

    @Test
    void miniLmStepRunsThroughTheTrainer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun run = CliRun.of("bench", "minilm-step", "--batch", "2", "--tokens", "8", "--warmup", "0", "--repeats", "1", "--tsv",
                "--dump-tokens", dir.resolve("t.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().strip().split("\n")[1].startsWith("2\t"), run.out());
        assertTrue(java.nio.file.Files.exists(dir.resolve("t.npy.mask.npy")));
    }
}
