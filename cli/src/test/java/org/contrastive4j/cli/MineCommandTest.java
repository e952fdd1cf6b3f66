package org.contrastive4j.cli;

import org.contrastive4j.data.PairRecords;
import org.contrastive4j.data.TextPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code c4j mine} writes triples that the training commands read, never an anchor's own positives, and draws the scores. */
class MineCommandTest {
    @TempDir
    Path dir;

    @Test
    void minesTriplesTheRetrieverReadsAndSkipsEveryKnownPositiveOfAnAnchor() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), String.join("\n",
                "{\"anchor\": \"a large body of salt water\", \"positive\": \"ocean\"}",
                "{\"anchor\": \"a large body of salt water\", \"positive\": \"sea\"}",
                "{\"anchor\": \"a small domesticated feline kept as a pet\", \"positive\": \"cat\"}",
                "{\"anchor\": \"a young domestic cat\", \"positive\": \"kitten\"}",
                "{\"anchor\": \"a motor vehicle with four wheels\", \"positive\": \"car\"}",
                "{\"anchor\": \"a domesticated carnivorous canine\", \"positive\": \"dog\"}",
                "{\"anchor\": \"a vehicle that flies\", \"positive\": \"airplane\"}") + "\n");
        Path out = dir.resolve("triples.jsonl");
        CliRun run = CliRun.of("mine", "--pairs", pairs.toString(), "--out", out.toString(), "--num-negatives", "2", "--margin", "-2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("14 triples from 7 pairs"), run.out());
        assertTrue(run.out().contains("positive") && run.out().contains("negative"), run.out());
        List<TextPair> triples = PairRecords.readPairs(out);
        assertEquals(14, triples.size());
        for (TextPair t : triples) {
            assertTrue(t.negative() != null && !t.negative().equals(t.positive()));
            if (t.anchor().equals("a large body of salt water")) {
                assertTrue(!List.of("ocean", "sea").contains(t.negative()), "both positives of the anchor are known: " + t);
            }
        }
        assertTrue(Files.size(dir.resolve("triples.scores.png")) > 1000, "the score distributions are drawn");

        Path tuples = dir.resolve("tuples.jsonl");
        CliRun ntuple = CliRun.of("mine", "--pairs", pairs.toString(), "--out", tuples.toString(), "--num-negatives", "3", "--margin", "-2",
                "--format", "n-tuple");
        assertEquals(0, ntuple.exitCode(), ntuple.err());
        assertTrue(ntuple.out().contains("7 n-tuples from 7 pairs"), ntuple.out());
        List<TextPair> read = PairRecords.readPairs(tuples);
        assertEquals(7, read.size());
        read.forEach(t -> assertEquals(3, t.negatives().size(), "negative_1 .. negative_3 read back: " + t));
        assertEquals(triples.get(0).negative(), read.get(0).negatives().get(0), "the best negative first in both formats");

        CliRun strict = CliRun.of("mine", "--pairs", pairs.toString(), "--out", dir.resolve("none.jsonl").toString(), "--margin", "1.5");
        assertEquals(0, strict.exitCode(), strict.err());
        assertTrue(strict.out().contains("0 triples from 7 pairs into") && strict.out().contains("7 pairs got no negative"), strict.out());
        CliRun.of("mine", "--pairs", pairs.toString(), "--out", dir.resolve("x.csv").toString()).assertOneLineError("--out must end in .jsonl");
        CliRun.of("mine", "--pairs", pairs.toString(), "--out", out.toString(), "--range-min", "200")
                .assertOneLineError("--range-min must be in [0, 100)");
    }
}
