package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** index build / search / dedup / classify through the CLI, on a few real sentences. */
class IndexCommandsTest {
    @TempDir
    Path dir;

    @Test
    void buildAppendAndSearch() throws IOException {
        Path docs = dir.resolve("docs.txt");
        Files.writeString(docs, "a large cat with a mane that lives in Africa\na vehicle with four wheels\n"
                + "a musical instrument with keys\n");
        Path more = dir.resolve("more.txt");
        Files.writeString(more, "a small boat propelled by oars\n");
        Path index = dir.resolve("idx");
        assertEquals(0, CliRun.of("index", "build", "--input", docs.toString(), "--index", index.toString()).exitCode());
        CliRun append = CliRun.of("index", "build", "--input", more.toString(), "--index", index.toString());
        assertEquals(0, append.exitCode(), append.err());
        assertTrue(append.err().contains("now holds 4"), append.err());

        CliRun search = CliRun.of("search", "--index", index.toString(), "-k", "2", "lion");
        assertEquals(0, search.exitCode(), search.err());
        String first = search.out().lines().findFirst().orElse("");
        assertTrue(first.contains("docs.txt:1") && first.contains("mane"), search.out());
        assertEquals(2, search.out().lines().count());

        CliRun none = CliRun.of("search", "--index", dir.resolve("nothing").toString(), "x");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no index in"), none.err());
    }

    @Test
    void anIndexOfShortenedVectorsCutsItsQueriesTheSameWay() throws IOException {
        Path docs = Files.writeString(dir.resolve("docs.txt"), "a large cat with a mane that lives in Africa\na vehicle with four wheels\n");
        Path index = dir.resolve("idx64");
        CliRun build = CliRun.of("index", "build", "--input", docs.toString(), "--index", index.toString(), "--dimensions", "64");
        assertEquals(0, build.exitCode(), build.err());
        JsonNode meta = new ObjectMapper().readTree(index.resolve("c4j-index.json").toFile());
        assertEquals(64, meta.get("dimension").asInt());
        assertEquals(64, meta.get("truncated_to").asInt());
        CliRun search = CliRun.of("search", "--index", index.toString(), "-k", "1", "lion");
        assertEquals(0, search.exitCode(), search.err());
        String[] top = search.out().lines().findFirst().orElse("").trim().split("\\s+");
        assertEquals("docs.txt:1", top[2], search.out());

        // the printed cosine is the one of c4j embed --dimensions 64 vectors (the same cut, re-normalised)
        Path both = Files.writeString(dir.resolve("both.txt"), "lion\na large cat with a mane that lives in Africa\n");
        Path vectors = dir.resolve("v64.jsonl");
        CliRun embed = CliRun.of("embed", "--input", both.toString(), "--output", vectors.toString(), "--dimensions", "64", "--no-progress");
        assertEquals(0, embed.exitCode(), embed.err());
        List<String> lines = Files.readAllLines(vectors);
        double[] q = embedding(lines.get(0));
        double[] d = embedding(lines.get(1));
        assertEquals(64, q.length);
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
            dot += q[i] * d[i];
        }
        assertEquals(dot, Double.parseDouble(top[1]), 2e-4, search.out());

        CliRun.of("index", "build", "--input", docs.toString(), "--index", index.toString())
                .assertOneLineError("holds 64-dimensional vectors, these have 384; add --dimensions 64");
        CliRun.of("index", "build", "--input", docs.toString(), "--index", index.toString(), "--dimensions", "32")
                .assertOneLineError("add to it with --dimensions 64, not 32");
        CliRun.of("index", "build", "--input", docs.toString(), "--index", dir.resolve("big").toString(), "--dimensions", "999")
                .assertOneLineError("--dimensions must be between 1 and the vectors' 384, got 999");
    }

    private static double[] embedding(String jsonLine) throws IOException {
        JsonNode e = new ObjectMapper().readTree(jsonLine).get("embedding");
        double[] v = new double[e.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.get(i).asDouble();
        }
        return v;
    }

    @Test
    void dedupFindsThePlantedDuplicatesOnly() throws IOException {
        List<String> lines = List.of(
                "The quick brown fox jumps over the lazy dog.",
                "Quarterly revenue grew by twelve percent.",
                "the quick brown fox jumped over the lazy dog",
                "Photosynthesis converts light into chemical energy.",
                "Quarterly revenue grew by 12 percent.",
                "A sonnet has fourteen lines.");
        Path in = dir.resolve("in.txt");
        Files.write(in, lines);
        Path out = dir.resolve("groups.jsonl");
        CliRun run = CliRun.of("dedup", "--input", in.toString(), "--output", out.toString(), "--threshold", "0.9");
        assertEquals(0, run.exitCode(), run.err());
        List<String> groups = Files.readAllLines(out);
        assertEquals(2, groups.size(), String.join("\n", groups));
        assertTrue(groups.get(0).contains("\"line\":1") && groups.get(0).contains("\"line\":3"), groups.get(0));
        assertTrue(groups.get(1).contains("\"line\":2") && groups.get(1).contains("\"line\":5"), groups.get(1));
    }

    @Test
    void embeddingsWrittenByEmbedAreReadByIndexAndDedup() throws IOException {
        Path in = dir.resolve("t.txt");
        Files.writeString(in, "a red apple\na red apple.\nthe theory of relativity\n");
        Path vectors = dir.resolve("v.jsonl");
        assertEquals(0, CliRun.of("embed", "--input", in.toString(), "--output", vectors.toString(), "--no-progress").exitCode());
        Path index = dir.resolve("idx");
        CliRun build = CliRun.of("index", "build", "--vectors", vectors.toString(), "--index", index.toString());
        assertEquals(0, build.exitCode(), build.err());
        CliRun search = CliRun.of("search", "--index", index.toString(), "-k", "1", "physics");
        assertTrue(search.out().contains("relativity"), search.out());
        Path groups = dir.resolve("g.jsonl");
        CliRun dedup = CliRun.of("dedup", "--vectors", vectors.toString(), "--output", groups.toString(), "--threshold", "0.95");
        assertEquals(0, dedup.exitCode(), dedup.err());
        assertEquals(1, Files.readAllLines(groups).size());
    }

    @Test
    void classifyPicksTheRightLabel() {
        CliRun run = CliRun.of("classify", "--labels", "sports,cooking,astronomy", "--template", "a text about {}",
                "the striker scored twice in the final", "simmer the onions in butter", "the telescope found a new comet");
        assertEquals(0, run.exitCode(), run.err());
        List<String> out = run.out().lines().toList();
        assertTrue(out.get(0).endsWith("\"label\":\"sports\"}"), out.get(0));
        assertTrue(out.get(1).endsWith("\"label\":\"cooking\"}"), out.get(1));
        assertTrue(out.get(2).endsWith("\"label\":\"astronomy\"}"), out.get(2));
        assertEquals(1, CliRun.of("classify", "--labels", "one", "x").exitCode());
    }
}
