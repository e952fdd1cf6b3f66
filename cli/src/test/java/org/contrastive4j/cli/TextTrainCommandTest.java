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

/** The text training commands end to end on tiny budgets, and their answers to bad input. */
class TextTrainCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--steps", "2", "--batch-size", "8", "--test-limit", "60", "--dev-limit", "30",
        "--eval-every", "1", "--no-progress"};

    private static String[] args(String method, Path out, String... more) {
        String[] head = {"train", method, "--out", out.toString()};
        String[] all = new String[head.length + TINY.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(TINY, 0, all, head.length, TINY.length);
        System.arraycopy(more, 0, all, head.length + TINY.length, more.length);
        return all;
    }

    @Test
    void retrieverWithMinedNegativesOnUserPairsWritesAModelThatEmbedReads() throws IOException {
        StringBuilder jsonl = new StringBuilder();
        String[] animals = {"cat", "dog", "horse", "cow", "sheep", "goat", "pig", "duck", "goose", "hen", "fox", "wolf",
            "bear", "deer", "hare", "mouse", "rat", "owl", "crow", "swan", "frog", "toad", "eel", "trout", "carp", "seal"};
        for (String a : animals) {
            jsonl.append("{\"anchor\": \"an animal called ").append(a).append("\", \"positive\": \"").append(a).append("\"}\n");
        }
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), jsonl.toString());
        Path out = dir.resolve("retriever");
        Path scored = Files.writeString(dir.resolve("scored.csv"), "text1,text2,score\ncat,kitten,0.9\ncat,dog,0.6\ncat,trout,0.2\ndog,wolf,0.8\n");
        Path beir = Files.createDirectories(dir.resolve("beir").resolve("qrels")).getParent();
        StringBuilder corpus = new StringBuilder();
        for (String a : animals) {
            corpus.append("{\"_id\": \"").append(a).append("\", \"text\": \"").append(a).append("\"}\n");
        }
        Files.writeString(beir.resolve("corpus.jsonl"), corpus.toString());
        Files.writeString(beir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"a farm animal that gives milk\"}\n"
                + "{\"_id\": \"q2\", \"text\": \"a bird that hoots at night\"}\n");
        Files.writeString(beir.resolve("qrels").resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\tcow\t1\nq1\tgoat\t1\nq2\towl\t1\n");
        CliRun run = CliRun.of(args("retriever", out, "--pairs", pairs.toString(), "--chunk", "4", "--scored", scored.toString(),
                "--matryoshka", "384,64", "--matryoshka-weights", "1,2", "--beir", beir.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("R@1"), run.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, results.get("results").size());
        assertEquals("[1.0, 2.0]", results.at("/config/matryoshka_weights").asText());
        assertTrue(results.at("/results/0/spearman").isNumber(), "Spearman on the user's scored pairs");
        assertTrue(Files.exists(out.resolve("mined-negatives-epoch-000.jsonl")));
        JsonNode beirResults = new ObjectMapper().readTree(out.resolve("beir-results.json").toFile());
        assertTrue(beirResults.at("/base/ndcgAt10").isNumber() && beirResults.at("/trained/ndcgAt10").isNumber(), beirResults.toString());
        assertEquals(2, beirResults.at("/trained/queries").asInt());
        assertTrue(run.err().contains("BEIR data"), run.err());
        String card = Files.readString(out.resolve("model/README.md"));
        assertTrue(card.contains("base_model: sentence-transformers/all-MiniLM-L6-v2") && card.contains("c4j train retriever: 2 steps")
                && card.contains("| trained (retriever) |"), card);
        Path texts = Files.writeString(dir.resolve("t.txt"), "a cat\na dog\n");
        CliRun embed = CliRun.of("embed", "--model", out.resolve("model").toString(), "--input", texts.toString(),
                "--output", dir.resolve("e.npy").toString());
        assertEquals(0, embed.exitCode(), embed.err());
        Path metrics = dir.resolve("m.json");
        CliRun eval = CliRun.of("eval", "retrieval", "--model", out.resolve("model").toString(), "--limit", "50", "--output", metrics.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("Spearman"), eval.out());
        JsonNode m = new ObjectMapper().readTree(metrics.toFile());
        assertTrue(m.at("/retrieval/recallAt1").isNumber() && m.get("spearman").isNumber(), m.toString());
        Path truncated = dir.resolve("m64.json");
        CliRun eval64 = CliRun.of("eval", "retrieval", "--model", out.resolve("model").toString(), "--limit", "50", "--dimensions", "64",
                "--output", truncated.toString());
        assertEquals(0, eval64.exitCode(), eval64.err());
        JsonNode m64 = new ObjectMapper().readTree(truncated.toFile());
        assertTrue(m64.at("/retrieval/mrrAt10").asDouble() != m.at("/retrieval/mrrAt10").asDouble(), "64 dimensions rank differently");
        CliRun.of("eval", "retrieval", "--limit", "50", "--dimensions", "999").assertOneLineError("--dimensions must be between 1 and the model's 384");
        CliRun.of(args("retriever", dir.resolve("bad"), "--pairs", pairs.toString(), "--matryoshka", "384,0"))
                .assertOneLineError("dimensions must be one or more sizes of at least 1");
        CliRun.of(args("retriever", dir.resolve("bad"), "--pairs", pairs.toString(), "--matryoshka", "384,64", "--matryoshka-weights", "1"))
                .assertOneLineError("weights must be one non-negative weight per dimension (2), got [1.0]");
        CliRun.of(args("retriever", dir.resolve("bad"), "--pairs", pairs.toString(), "--matryoshka-weights", "1,2"))
                .assertOneLineError("--matryoshka-weights needs --matryoshka");
    }

    @Test
    void simcseNoiseAblationWritesOneComparisonReport() throws IOException {
        Path out = dir.resolve("ablation");
        CliRun run = CliRun.of(args("simcse", out, "--noise", "all", "--limit", "64"));
        assertEquals(0, run.exitCode(), run.err());
        for (String v : new String[] {"dropout", "none", "same-mask"}) {
            assertTrue(Files.exists(out.resolve(v).resolve("results.json")), v);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("uniformity.png") && html.contains("same-mask/report.html"));
    }

    @Test
    void supervisedSimCseAndBadInput() throws IOException {
        CliRun sup = CliRun.of(args("simcse-sup", dir.resolve("sup"), "--limit", "64"));
        assertEquals(0, sup.exitCode(), sup.err());
        assertTrue(sup.err().contains("have a hard negative"), sup.err());

        Path broken = Files.writeString(dir.resolve("bad.jsonl"), "{\"anchor\": \"a\", \"positive\": \"b\"}\n{\"anchor\": 1,\n");
        CliRun.of(args("retriever", dir.resolve("r1"), "--pairs", broken.toString())).assertOneLineError("bad.jsonl:2", "not valid JSON");
        CliRun.of(args("simcse", dir.resolve("r2"), "--noise", "gaussian")).assertOneLineError("--noise");
        CliRun.of("train", "retriever", "--out", dir.resolve("r3").toString(), "--batch-size", "1", "--limit", "64",
                "--steps", "1", "--no-progress").assertOneLineError("at least 2");
        CliRun.of(args("retriever", dir.resolve("r6"), "--mine-margin", "NaN")).assertOneLineError("--mine-margin", "NaN");
        CliRun.of(args("retriever", dir.resolve("r7"), "--pairs", broken.toString(), "--every-lemma")).assertOneLineError("--every-lemma");
        CliRun.of(args("retriever", dir.resolve("r8"), "--pairs", broken.toString(), "--topic-batches")).assertOneLineError("--topic-batches");
        CliRun.of(args("retriever", dir.resolve("r9"), "--train-pos", "x")).assertOneLineError("--train-pos", "x");
        CliRun.of(args("retriever", dir.resolve("r4"), "--model", dir.resolve("nomodel").toString())).assertOneLineError("no model directory", "nomodel");
        CliRun.of("train", "simcse", "--resume", "--out", dir.resolve("r5").toString(), "--limit", "64",
                "--batch-size", "8", "--no-progress", "--test-limit", "20", "--dev-limit", "10").assertOneLineError("no checkpoint");
    }
}
