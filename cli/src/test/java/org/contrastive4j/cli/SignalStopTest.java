package org.contrastive4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.contrastive4j.train.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM during training (the path Ctrl-C's SIGINT takes too; SIGINT is not sent here because a
 * shell starts background jobs with it ignored): the step under way ends, a checkpoint of the
 * steps done is written, one line says how to go on, the exit status is 143, and the JVM does not
 * crash (it used to exit while libtorch was inside a backward pass and die in libtorch's static
 * destructors, in 2 of 4 tries, leaving an hs_err file). Resumed, the run ends with the
 * uninterrupted run's weights.
 */
class SignalStopTest {
    private static final String[] FLAGS = {"--limit", "256", "--steps", "40", "--batch-size", "8", "--test-limit", "60",
        "--dev-limit", "30", "--eval-every", "0", "--checkpoint-every", "100", "--log-every", "1", "--no-progress"};

    @TempDir
    Path dir;

    @Test
    void sigtermWritesACheckpointOfTheStepsDoneAndExits143() throws Exception {
        Path run = dir.resolve("stopped");
        C4jProcess p = C4jProcess.start(dir, "stopped", args(run, false));
        while (p.alive() && metricsLines(run) < 3) {
            Thread.sleep(5);
        }
        assertTrue(p.alive(), "the run ended before it could be stopped: " + p.stderr());
        p.terminate();
        assertEquals(143, p.waitFor(300), p.stderr());
        String err = p.stderr();
        assertFalse(Files.exists(dir.resolve("stopped-hs_err.log")), "the JVM crashed on exit: " + err);
        assertFalse(err.contains("fatal error"), err);
        assertTrue(err.contains("c4j: stopping"), err);
        Path latest = new Checkpoints(run).latest();
        assertTrue(latest != null, "no checkpoint was written: " + err);
        long step = Long.parseLong(latest.getFileName().toString().substring(5));
        assertTrue(step >= 3 && step < 40, "checkpoint " + latest);
        assertTrue(err.contains("c4j train retriever: interrupted after step " + step + " of 40; " + latest
                + " holds it: run the same command with --resume to go on"), err);
        Checkpoints.verify(latest);

        C4jProcess resumed = C4jProcess.start(dir, "resumed", args(run, true));
        assertEquals(0, resumed.waitFor(600), resumed.stderr());
        C4jProcess whole = C4jProcess.start(dir, "whole", args(dir.resolve("whole"), false));
        assertEquals(0, whole.waitFor(600), whole.stderr());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/model/model.safetensors")),
                Files.readAllBytes(run.resolve("model/model.safetensors")), "the resumed run's weights");
    }

    private static List<String> args(Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "retriever", "--out", out.toString()));
        a.addAll(Arrays.asList(FLAGS));
        if (resume) {
            a.add("--resume");
        }
        return a;
    }

    private static int metricsLines(Path run) throws java.io.IOException {
        Path m = run.resolve("metrics.jsonl");
        return Files.exists(m) ? (int) Files.readAllLines(m).stream().filter(l -> l.contains("\"loss\"")).count() : 0;
    }
}
