package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each decoder kind learns on a Fashion-MNIST slice: the share of test captions naming the right
 * class (chance 10%) rises far above the decoder at initialisation, and perplexity falls; the
 * saved model captions through {@code c4j caption}; user mistakes get one line.
 */
class DecoderCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainClip() {
        CliRun run = CliRun.of("train", "clip", "--out", dir.resolve("clip").toString(), "--limit", "4096", "--steps", "60",
                "--batch-size", "128", "--test-limit", "500", "--eval-every", "0", "--joint-dim", "64", "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
    }

    private static JsonNode train(String kind, int steps, String... extra) throws IOException {
        Path out = dir.resolve(kind);
        List<String> args = new java.util.ArrayList<>(List.of("train", "decoder", "--kind", kind, "--out", out.toString(),
                "--limit", "8192", "--steps", String.valueOf(steps), "--batch-size", "128", "--test-limit", "600",
                "--eval-every", "0", "--samples", "2", "--no-progress"));
        if (kind.equals("prefix") || kind.equals("zeroshot")) {
            args.addAll(List.of("--clip", dir.resolve("clip/model").toString()));
        }
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("loss.png")));
        return JSON.readTree(out.resolve("results.json").toFile());
    }

    /** The row named {@code name} of a run's results. */
    private static JsonNode row(JsonNode results, String name) {
        for (JsonNode r : results.get("rows")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no row " + name + " in " + results);
    }

    private static void assertLearned(JsonNode results, double minAccuracy) {
        JsonNode init = row(results, "decoder at initialisation");
        JsonNode trained = row(results, "decoder trained");
        double before = init.get("captionAccuracy").asDouble();
        double after = trained.get("captionAccuracy").asDouble();
        String summary = String.format("caption accuracy %.4f -> %.4f, perplexity %.2f -> %.2f", before, after,
                init.get("perplexity").asDouble(), trained.get("perplexity").asDouble());
        System.out.println(results.get("config").get("kind").asText() + ": " + summary);
        assertTrue(before < 0.15 && after > minAccuracy, summary);
        assertTrue(trained.get("perplexity").asDouble() < init.get("perplexity").asDouble() / 10, summary);
    }

    @Test
    void prefixDecoderOnFrozenClipLearnsAndItsModelCaptionsThroughTheCli() throws IOException {
        JsonNode results = train("prefix", 100);
        assertLearned(results, 0.25);
        assertEquals(10, results.get("samples").size());

        Path captions = dir.resolve("captions.jsonl");
        CliRun run = CliRun.of("caption", "--model", dir.resolve("prefix/model").toString(), "--limit", "50", "--beam", "2",
                "--out", captions.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(captions);
        assertEquals(50, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("Ankle boot", first.get("label").asText());
        assertTrue(first.get("caption").asText().length() > 3, lines.get(0));
        assertTrue(run.err().contains("name the image's class"), run.err());
    }

    @Test
    void zeroShotDecoderTrainedOnTextOnlyCaptionsImages() throws IOException {
        assertLearned(train("zeroshot", 100), 0.17);
    }

    @Test
    void prefixLmLearnsFromPixels() throws IOException {
        assertLearned(train("prefixlm", 100), 0.25);
    }

    @Test
    void cocaLearnsToCaptionAndToClassifyZeroShot() throws IOException {
        JsonNode results = train("coca", 100);
        assertLearned(results, 0.12);
        double before = row(results, "decoder at initialisation").get("zeroShot").asDouble();
        double after = row(results, "decoder trained").get("zeroShot").asDouble();
        assertTrue(after > before + 0.1, String.format("CoCa zero-shot %.4f -> %.4f", before, after));
    }

    @Test
    void userMistakesGetOneLine() {
        CliRun.of("train", "decoder", "--kind", "poem", "--out", dir.resolve("x").toString()).assertOneLineError("poem", "prefixlm");
        CliRun.of("train", "decoder", "--kind", "prefix", "--out", dir.resolve("x").toString()).assertOneLineError("--clip");
        CliRun.of("train", "decoder", "--kind", "prefixlm", "--patch", "5", "--limit", "64", "--steps", "1", "--no-progress",
                "--out", dir.resolve("y").toString()).assertOneLineError("--patch must divide", "got 5");
        CliRun unknown = CliRun.of("train", "decoder", "--kind", "coca", "--jitter", "0.4", "--out", dir.resolve("z").toString());
        assertEquals(Main.EXIT_USAGE, unknown.exitCode(), "augmentation options are not decoder options");
        assertTrue(unknown.err().contains("--jitter") && !unknown.err().contains("\tat "), unknown.err());
        CliRun.of("caption", "--model", dir.resolve("missing").toString()).assertOneLineError("missing", "does not exist");
        CliRun.of("caption", "--model", dir.toString()).assertOneLineError("decoder.json");
    }
}
