package org.contrastive4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training command end to end on a tiny budget, and its answers to bad input. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void tinyRunWritesTheReportAndResumesOnlyWhenAsked() throws IOException {
        Path out = dir.resolve("run");
        String[] args = {"train", "simclr", "--limit", "300", "--steps", "6", "--batch-size", "32", "--widths", "8,16",
            "--stem", "8", "--test-limit", "200", "--probe-epochs", "1", "--eval-every", "3", "--checkpoint-every", "3",
            "--no-progress", "--out", out.toString()};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        for (String file : new String[] {"report.html", "loss.png", "knn.png", "embedding-map.png", "metrics.jsonl", "results.json"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("raw pixels") && html.contains("encoder at initialisation") && html.contains("trained encoder"));
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "offline, no script");

        CliRun.of(args).assertOneLineError("already holds checkpoints", "--resume");
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        CliRun resumed = CliRun.of(resume);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming from"), resumed.err());
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        CliRun.of("train", "simclr", "--data", dir.resolve("nowhere").toString(), "--out", dir.toString()).assertOneLineError("apt-get install dataset-fashion-mnist");
        Path fake = dir.resolve("fmnist");
        Files.createDirectories(fake);
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.write(fake.resolve(f), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        }
        CliRun.of("train", "simclr", "--data", fake.toString(), "--out", dir.resolve("o").toString()).assertOneLineError("train-images-idx3-ubyte.gz");
        CliRun.of("train", "simclr", "--images", dir.resolve("none").toString(), "--out", dir.resolve("o").toString()).assertOneLineError("does not exist");
        CliRun.of("train", "simclr", "--resume", "--limit", "100", "--batch-size", "32", "--out", dir.resolve("empty").toString()).assertOneLineError("no checkpoint");
        assertEquals(2, CliRun.of("train", "simclr", "--optimizer", "lbfgs").exitCode());
    }
}
