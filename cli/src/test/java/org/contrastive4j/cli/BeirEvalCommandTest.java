package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code c4j eval retrieval} on a small BEIR-layout set of real sentences, and its one-line errors. */
class BeirEvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void scoresTheUsersOwnBeirDataAndWritesJson() throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.jsonl"), String.join("\n",
                "{\"_id\": \"d1\", \"title\": \"Volcanoes\", \"text\": \"Lava erupts from a volcano when magma reaches the surface.\"}",
                "{\"_id\": \"d2\", \"title\": \"Baking\", \"text\": \"Bread rises because yeast ferments the sugars in the dough.\"}",
                "{\"_id\": \"d3\", \"title\": \"Tides\", \"text\": \"The moon's gravity pulls the oceans and causes the tides.\"}",
                "{\"_id\": \"d4\", \"title\": \"Bees\", \"text\": \"Honey bees make honey from the nectar of flowers.\"}",
                "{\"_id\": \"d5\", \"title\": \"Magma\", \"text\": \"Molten rock below the ground is called magma.\"}",
                "{\"_id\": \"d6\", \"title\": \"Chess\", \"text\": \"In chess the bishop moves diagonally across the board.\"}") + "\n");
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), String.join("\n",
                "{\"_id\": \"q1\", \"text\": \"why does a volcano erupt\"}",
                "{\"_id\": \"q2\", \"text\": \"what makes bread dough rise\"}",
                "{\"_id\": \"q3\", \"text\": \"how does the moon affect the sea\"}") + "\n");
        Path qrels = Files.writeString(dir.resolve("qrels.tsv"),
                "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td5\t1\nq2\td2\t1\nq3\td3\t1\nq3\td6\t0\n");
        Path json = dir.resolve("results.json");
        CliRun run = CliRun.of("eval", "retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--output", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("3 judged queries over 6 documents"), run.out());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        System.out.println("BEIR-layout eval of all-MiniLM-L6-v2 on 6 documents: " + r);
        assertEquals(3, r.get("queries").asInt());
        assertEquals(1.0, r.get("mrr_at_10").asDouble(), 0, "each query's best document first");
        assertTrue(r.get("ndcg_at_10").asDouble() > 0.95, r.toString());
        assertEquals(1.0, r.get("recall_at_10").asDouble(), 0);
        assertEquals(4 / 30.0, r.get("precision_at_10").asDouble(), 1e-9);

        CliRun.of("eval", "retrieval", "--corpus", corpus.toString(), "--queries", queries.toString())
                .assertOneLineError("--corpus, --queries and --qrels together");
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "q1\td1\t1\nq1\td42\t1\n");
        CliRun.of("eval", "retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels", bad.toString())
                .assertOneLineError("bad.tsv:2", "the document 'd42' is not in");
    }

    @Test
    void stsCorrelatesCosineWithTheUsersScores() throws Exception {
        Path pairs = Files.writeString(dir.resolve("sts.jsonl"), String.join("\n",
                "{\"text1\": \"A man is playing a guitar.\", \"text2\": \"A man plays the guitar.\", \"score\": 5.0}",
                "{\"text1\": \"A woman is slicing an onion.\", \"text2\": \"Someone is cutting an onion.\", \"score\": 4.2}",
                "{\"text1\": \"A dog runs in the park.\", \"text2\": \"A dog is running on grass.\", \"score\": 3.8}",
                "{\"text1\": \"A child reads a book.\", \"text2\": \"A child is writing a letter.\", \"score\": 1.8}",
                "{\"text1\": \"The stock market fell today.\", \"text2\": \"A cat sleeps on the sofa.\", \"score\": 0.0}") + "\n");
        Path json = dir.resolve("sts.json");
        CliRun run = CliRun.of("eval", "sts", "--pairs", pairs.toString(), "--output", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        System.out.println("STS of all-MiniLM-L6-v2 on 5 pairs: " + r);
        assertEquals(5, r.get("pairs").asInt());
        assertTrue(r.get("spearman").asDouble() >= 0.8, r.toString());
        assertTrue(r.get("pearson").asDouble() > 0.7, r.toString());
        Path two = Files.writeString(dir.resolve("two.jsonl"), "{\"text1\": \"a\", \"text2\": \"b\", \"score\": 1}\n");
        CliRun.of("eval", "sts", "--pairs", two.toString()).assertOneLineError("at least 3 scored pairs");
    }
}
