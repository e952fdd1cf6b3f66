package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train moco | supcon | dino, --mask-false-negatives and sweep tau end to end on tiny budgets. */
class ImageMethodCommandsTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--limit", "300", "--steps", "4", "--batch-size", "32", "--widths", "8,16", "--stem", "8",
        "--test-limit", "200", "--probe-epochs", "1", "--eval-every", "2", "--no-progress"};

    private static String[] args(String[] head, String... more) {
        String[] all = new String[head.length + TINY.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(TINY, 0, all, head.length, TINY.length);
        System.arraycopy(more, 0, all, head.length + TINY.length, more.length);
        return all;
    }

    @Test
    void eachMethodRunsAndWritesItsReport() throws IOException {
        for (String method : new String[] {"moco", "supcon", "dino"}) {
            Path out = dir.resolve(method);
            CliRun run = CliRun.of(args(new String[] {"train", method, "--out", out.toString()}));
            assertEquals(0, run.exitCode(), method + ": " + run.err());
            assertTrue(Files.exists(out.resolve("report.html")), method);
            assertTrue(Files.exists(out.resolve("model/image_encoder.json")) && Files.exists(out.resolve("model/model.safetensors")), method);
        }
        assertTrue(Files.exists(dir.resolve("dino").resolve("collapse.png")), "DINO plots its collapse indicators");
        CliRun ce = CliRun.of(args(new String[] {"train", "supcon", "--baseline", "ce", "--out", dir.resolve("ce").toString()}));
        assertEquals(0, ce.exitCode(), ce.err());
        assertTrue(ce.err().contains("cross-entropy classifier"), ce.err());
        CliRun resumed = CliRun.of(args(new String[] {"train", "moco", "--out", dir.resolve("moco").toString()}, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming from"), "MoCo resumes (key encoder and queue from the checkpoint)");
    }

    @Test
    void dinoRejectsANonPositiveTeacherTemperatureInOneLine() {
        CliRun run = CliRun.of(args(new String[] {"train", "dino", "--out", dir.resolve("bad-dino").toString()}, "--teacher-temp", "0"));
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("--teacher-temp must be > 0, got 0.0"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void maskedSimClrPlotsFalseNegativesAndTheSweepTabulatesTau() throws IOException {
        Path masked = dir.resolve("masked");
        CliRun run = CliRun.of(args(new String[] {"train", "simclr", "--out", masked.toString()}, "--mask-false-negatives", "--log-every", "1"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(masked.resolve("metrics.jsonl")).contains("false_negatives_top5"));
        assertTrue(Files.exists(masked.resolve("false-negatives.png")));

        Path sweep = dir.resolve("sweep");
        CliRun s = CliRun.of(args(new String[] {"sweep", "tau", "--out", sweep.toString()}, "--values", "0.1,0.5"));
        assertEquals(0, s.exitCode(), s.err());
        JsonNode json = new ObjectMapper().readTree(sweep.resolve("sweep.json").toFile());
        assertEquals(2, json.get("results").size());
        assertTrue(Files.exists(sweep.resolve("tau.png")) && Files.exists(sweep.resolve("tau-0.1").resolve("report.html")));
        assertEquals(1, CliRun.of(args(new String[] {"sweep", "tau", "--out", dir.resolve("bad").toString()}, "--values", "0,0.5")).exitCode());
    }
}
