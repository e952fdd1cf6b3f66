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

/** train clip, zeroshot and train bind end to end on tiny budgets, and their one-line errors. */
class ClipCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainClipThenZeroShotThenBindAudio() throws IOException {
        Path clip = dir.resolve("clip");
        CliRun run = CliRun.of("train", "clip", "--out", clip.toString(), "--limit", "300", "--steps", "4", "--batch-size", "32",
                "--widths", "8,16", "--stem", "8", "--test-limit", "200", "--eval-every", "2", "--joint-dim", "16", "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("CLIP trained") && run.err().contains("zero-shot"), run.err());
        JsonNode results = new ObjectMapper().readTree(clip.resolve("results.json").toFile());
        assertEquals(2, results.get("rows").size());
        assertTrue(Files.exists(clip.resolve("report.html")) && Files.exists(clip.resolve("zero-shot.png")));

        CliRun zs = CliRun.of("zeroshot", "--model", clip.resolve("model").toString(), "--limit", "100");
        assertEquals(0, zs.exitCode(), zs.err());
        assertTrue(zs.out().contains("zero-shot accuracy") && zs.out().contains("Ankle boot"), zs.out());

        Path bind = dir.resolve("bind");
        CliRun b = CliRun.of("train", "bind", "--clip", clip.resolve("model").toString(), "--out", bind.toString(),
                "--voices", "en-us,en-gb", "--test-voices", "en-gb", "--speeds", "170", "--pitches", "50", "--limit", "500",
                "--steps", "3", "--batch-size", "16", "--widths", "8", "--stem", "8", "--eval-every", "0", "--no-progress");
        assertEquals(0, b.exitCode(), b.err());
        assertTrue(b.err().contains("audio encoder bound to images"), b.err());
        assertTrue(Files.exists(bind.resolve("results.json")) && Files.exists(bind.resolve("audio-model").resolve("weights.bin")));
    }

    @Test
    void mistakesGetOneLineErrors() {
        CliRun.of("zeroshot", "--model", dir.resolve("missing").toString()).assertOneLineError("lacks clip.json");
        CliRun.of("train", "clip", "--out", dir.resolve("c").toString(), "--text-tune-layers", "9", "--limit", "64", "--steps", "1",
                "--batch-size", "32", "--no-progress").assertOneLineError("--text-tune-layers", "between 0 and 6");
        CliRun.of("train", "bind", "--modality", "smell", "--out", dir.resolve("b").toString()).assertOneLineError("smell");
        CliRun.of("train", "bind", "--voices", "en-us", "--test-voices", "en-us", "--out", dir.resolve("b").toString())
                .assertOneLineError("--test-voices");
    }
}
