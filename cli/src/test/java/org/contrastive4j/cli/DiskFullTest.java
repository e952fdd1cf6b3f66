package org.contrastive4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.contrastive4j.train.Checkpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that fills: a 64 MiB tmpfs the test mounts (root only; skipped with the reason
 * elsewhere). A training run whose disk fills after its first checkpoint stops with one line
 * naming the path and the system's reason, keeps its last checkpoint whole, and resumes once
 * space is back; c4j embed on a full disk leaves no output file.
 */
class DiskFullTest {
    private static Path mount;

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("c4j-full-disk");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor() == 0;
        if (!mounted) {
            Files.delete(mount);
            mount = null;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a size-limited tmpfs (needs root with CAP_SYS_ADMIN): " + out.strip());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void trainingStopsWithOneLineKeepsItsCheckpointAndResumes() throws Exception {
        Path run = mount.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "simclr", "--out", run.toString(), "--limit", "300", "--steps", "200",
                "--batch-size", "32", "--widths", "8,16", "--stem", "8", "--test-limit", "200", "--probe-epochs", "1",
                "--eval-every", "0", "--checkpoint-every", "2", "--log-every", "1", "--no-progress"));
        Path logs = Files.createTempDirectory("c4j-full-disk-logs");
        C4jProcess p = C4jProcess.start(logs, "train", args);
        while (p.alive() && new Checkpoints(run).latest() == null) {
            Thread.sleep(5);
        }
        Path filler = fill();
        assertEquals(1, p.waitFor(600), p.stderr());
        String err = p.stderr().strip();
        List<String> lines = err.lines().filter(l -> l.startsWith("c4j")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).contains("No space left on device") && lines.get(0).contains(run.toString()), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);

        Path latest = new Checkpoints(run).latest();
        Checkpoints.verify(latest); // the last checkpoint is whole: its files match the SHA-256 state.json recorded
        Files.delete(filler);
        args.add("--resume");
        C4jProcess resumed = C4jProcess.start(logs, "resume", args);
        assertEquals(0, resumed.waitFor(600), resumed.stderr());
        assertTrue(resumed.stderr().contains("resuming from " + latest), resumed.stderr());
    }

    @Test
    void embedOnAFullDiskLeavesNoOutput() throws Exception {
        Path input = Files.createTempFile("c4j-texts", ".txt");
        Files.writeString(input, "a cat\na dog\n");
        Path filler = fill();
        try {
            Path out = mount.resolve("vectors.npy");
            CliRun run = CliRun.of("embed", "--input", input.toString(), "--output", out.toString(), "--no-progress");
            run.assertOneLineError("No space left on device", out.toString());
            try (var left = Files.list(mount)) {
                assertEquals(List.of(), left.filter(f -> f.getFileName().toString().contains("vectors")).toList(),
                        "no output and no temporary file");
            }
        } finally {
            Files.delete(filler);
        }
    }

    /** Writes zeros into the mount until the disk is full. */
    private static Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            return filler;
        }
    }
}
