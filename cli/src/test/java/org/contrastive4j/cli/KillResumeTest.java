package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.contrastive4j.encoder.Safetensors;
import org.contrastive4j.train.Checkpoints;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every training command as a real process, killed with SIGKILL twice (at a step chosen by
 * the seed, while a checkpoint is being written, or after the last step while the final
 * evaluation and reports are under way) and resumed with --resume each time: the final weights
 * equal an uninterrupted run's byte for byte, and after every kill each file where a complete
 * one is expected is complete (checkpoints against their SHA-256, safetensors, JSON, PNG, HTML).
 */
class KillResumeTest {
    private static final String[] IMAGE = {"--limit", "300", "--steps", "6", "--batch-size", "32", "--widths", "8,16", "--stem", "8",
        "--test-limit", "200", "--probe-epochs", "1", "--eval-every", "3", "--checkpoint-every", "2", "--log-every", "1", "--no-progress"};
    private static final String[] TEXT = {"--limit", "64", "--steps", "6", "--batch-size", "8", "--test-limit", "60", "--dev-limit", "30",
        "--eval-every", "3", "--checkpoint-every", "2", "--log-every", "1", "--no-progress"};
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kill { AT_STEP, IN_CHECKPOINT_WRITE, IN_FINAL_EVALUATION }

    @TempDir
    Path dir;

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("simclr", IMAGE, Kill.AT_STEP, Kill.IN_CHECKPOINT_WRITE, 11L),
                Arguments.of("moco", IMAGE, Kill.IN_CHECKPOINT_WRITE, Kill.IN_FINAL_EVALUATION, 12L),
                Arguments.of("dino", IMAGE, Kill.AT_STEP, Kill.IN_FINAL_EVALUATION, 13L),
                Arguments.of("clip", concat(IMAGE, "--joint-dim", "16"), Kill.AT_STEP, Kill.IN_FINAL_EVALUATION, 14L),
                Arguments.of("retriever", TEXT, Kill.IN_CHECKPOINT_WRITE, Kill.AT_STEP, 15L),
                Arguments.of("simcse", TEXT, Kill.AT_STEP, Kill.IN_CHECKPOINT_WRITE, 16L));
    }

    @ParameterizedTest(name = "train {0}: kill {2}, resume, kill {3}, resume")
    @MethodSource("commands")
    void killedTwiceAndResumedEndsWithTheUninterruptedWeights(String method, String[] flags, Kill first, Kill second, long seed)
            throws Exception {
        Random random = new Random(seed);
        Path whole = dir.resolve("whole");
        C4jProcess uninterrupted = C4jProcess.start(dir, "whole", args(method, whole, flags, false));
        assertEquals(0, uninterrupted.waitFor(600), uninterrupted.stderr());

        Path run = dir.resolve("killed");
        Files.createDirectories(run.resolve("checkpoints"));
        killAt(first, C4jProcess.start(dir, "first", args(method, run, flags, false)), run, random);
        assertComplete(run);
        killAt(second, C4jProcess.start(dir, "second", args(method, run, flags, hasCheckpoint(run))), run, random);
        assertComplete(run);
        boolean resumes = hasCheckpoint(run);
        C4jProcess last = C4jProcess.start(dir, "last", args(method, run, flags, resumes));
        assertEquals(0, last.waitFor(600), last.stderr());
        assertTrue(!resumes || last.stderr().contains("resuming from"), last.stderr());
        assertComplete(run);

        Map<String, byte[]> expected = weights(whole);
        assertFalse(expected.isEmpty(), "the uninterrupted run saved no weights under " + whole.resolve("model"));
        Map<String, byte[]> actual = weights(run);
        assertEquals(expected.keySet(), actual.keySet());
        for (String file : expected.keySet()) {
            assertArrayEquals(expected.get(file), actual.get(file), method + ": " + file + " differs from the uninterrupted run's");
        }
        try (Stream<Path> left = Files.walk(run)) {
            List<Path> temporary = left.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertTrue(temporary.isEmpty(), "temporary files left after the resumed run finished: " + temporary);
        }
    }

    private static List<String> args(String method, Path out, String[] flags, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", method, "--out", out.toString()));
        a.addAll(Arrays.asList(flags));
        if (resume) {
            a.add("--resume");
        }
        return a;
    }

    private static void killAt(Kill when, C4jProcess p, Path run, Random random) throws Exception {
        Path checkpoints = run.resolve("checkpoints");
        switch (when) {
            case AT_STEP -> {
                // a step past those an earlier run logged: a resumed run first cuts its log back to its checkpoint
                int lines = Math.max(1 + random.nextInt(4), metricsLines(run) + 1);
                waitUntil(p, () -> metricsLines(run) >= lines, "metrics line " + lines);
                Thread.sleep(random.nextInt(40));
            }
            case IN_CHECKPOINT_WRITE -> {
                // the first or the second checkpoint this process writes; killed in the first, the run has none to resume
                int writes = 1 + random.nextInt(2);
                try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                    checkpoints.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                    int seen = 0;
                    while (seen < writes && p.alive()) {
                        var key = watch.poll(20, TimeUnit.MILLISECONDS);
                        if (key != null) {
                            seen += (int) key.pollEvents().stream().filter(e -> e.context().toString().startsWith(".tmp-step")).count();
                            key.reset();
                        }
                    }
                }
            }
            case IN_FINAL_EVALUATION -> {
                waitUntil(p, () -> latestStep(run) == 6, "the last step's checkpoint");
                Thread.sleep(random.nextInt(300));
            }
        }
        assertTrue(p.alive(), "the run ended before it could be killed " + when + ": " + p.stderr());
        p.kill();
    }

    private static boolean hasCheckpoint(Path run) {
        return new Checkpoints(run).latest() != null;
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void waitUntil(C4jProcess p, Condition c, String what) throws Exception {
        while (p.alive() && !c.holds()) {
            Thread.sleep(2);
        }
        assertTrue(p.alive(), "the run ended before " + what + ": " + p.stderr());
    }

    private static int metricsLines(Path run) throws IOException {
        Path m = run.resolve("metrics.jsonl");
        if (!Files.exists(m)) {
            return 0;
        }
        return (int) Files.readAllLines(m).stream().filter(l -> l.contains("\"loss\"")).count();
    }

    private static long latestStep(Path run) throws IOException {
        Path pointer = run.resolve("checkpoints").resolve("latest");
        if (!Files.exists(pointer)) {
            return -1;
        }
        String name = Files.readString(pointer).strip();
        return name.matches("step-[0-9]{8}") ? Long.parseLong(name.substring(5)) : -1;
    }

    /** Every file where a complete one is expected is complete; temporary files (dot names) may be partial. */
    private static void assertComplete(Path run) throws IOException {
        Path latest = new Checkpoints(run).latest();
        if (latest != null) {
            Checkpoints.verify(latest); // its files match the SHA-256 its state.json recorded
        }
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (run.relativize(f).toString().contains("/.") || f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                String name = f.getFileName().toString();
                if (name.endsWith(".safetensors")) {
                    Safetensors.read(f);
                } else if (name.endsWith(".json")) {
                    JSON.readTree(f.toFile());
                } else if (name.endsWith(".png")) {
                    assertTrue(ImageIO.read(f.toFile()) != null, f + " is not a whole PNG");
                } else if (name.endsWith(".html")) {
                    assertTrue(Files.readString(f).stripTrailing().endsWith("</html>"), f + " is cut short");
                } else if (name.endsWith(".jsonl")) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size() - 1; i++) {
                        JSON.readTree(lines.get(i)); // an append-only log: only its last line may be half-written
                    }
                }
            }
        }
    }

    private static Map<String, byte[]> weights(Path run) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        Path model = run.resolve("model");
        if (Files.isDirectory(model)) {
            try (Stream<Path> files = Files.walk(model)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                    out.put(model.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
        }
        Path latest = new Checkpoints(run).latest();
        if (latest != null) {
            out.put("checkpoint model.params", Files.readAllBytes(latest.resolve("model.params")));
        }
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
