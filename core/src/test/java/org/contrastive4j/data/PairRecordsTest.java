package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PairRecordsTest {
    @TempDir
    Path dir;

    @Test
    void readsPairsTriplesAndScoredPairsFromJsonlAndCsv() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("t.jsonl"),
                "{\"anchor\": \"a cat\", \"positive\": \"feline\"}\n\n{\"anchor\": \"a dog\", \"positive\": \"canine\", \"negative\": \"wolf\"}\n");
        List<TextPair> pairs = PairRecords.readPairs(jsonl);
        assertEquals(2, pairs.size());
        assertNull(pairs.get(0).negative());
        assertEquals("wolf", pairs.get(1).negative());
        assertEquals("t.jsonl:3", pairs.get(1).group());
        Path csv = Files.writeString(dir.resolve("t.csv"), "anchor,positive,negative\n\"a cat, small\",feline,dog\nsea,ocean,lake\n");
        List<TextPair> triples = PairRecords.readPairs(csv);
        assertEquals(new TextPair("a cat, small", "feline", "dog", "t.csv:2"), triples.get(0));
        assertEquals("t.csv:3", triples.get(1).group());
        Path scored = Files.writeString(dir.resolve("s.csv"), "text1,text2,score\ncar,automobile,0.9\ncar,banana,0.05\n");
        assertEquals(new ScoredPair("car", "banana", 0.05), PairRecords.readScored(scored).get(1));
        Path tuples = Files.writeString(dir.resolve("n.jsonl"),
                "{\"anchor\": \"a dog\", \"positive\": \"canine\", \"negative_1\": \"wolf\", \"negative_2\": \"fox\", \"negative_3\": \"cat\"}\n");
        assertEquals(List.of("wolf", "fox", "cat"), PairRecords.readPairs(tuples).get(0).negatives(), "sentence-transformers' n-tuple columns");
        Path emptyNegative = Files.writeString(dir.resolve("e.jsonl"),
                "{\"anchor\": \"a dog\", \"positive\": \"canine\", \"negative_1\": \" \"}\n");
        org.contrastive4j.testing.Assertions2.messageContains(org.junit.jupiter.api.Assertions.assertThrows(
                org.contrastive4j.InvalidInputException.class, () -> PairRecords.readPairs(emptyNegative)), "e.jsonl:1", "'negative_1' is empty");
    }

    @Test
    void badRecordsNameFileAndLine() throws Exception {
        Path broken = Files.writeString(dir.resolve("b.jsonl"), "{\"anchor\": \"x\", \"positive\": \"y\"}\n{\"anchor\": \"x\", \n");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readPairs(broken)), "b.jsonl:2", "not valid JSON");
        Path missing = Files.writeString(dir.resolve("m.jsonl"), "{\"anchor\": \"x\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readPairs(missing)), "m.jsonl:1", "no field 'positive'");
        Path empty = Files.writeString(dir.resolve("e.csv"), "anchor,positive\nx,\n");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readPairs(empty)), "e.csv:2", "'positive' is empty");
        Path score = Files.writeString(dir.resolve("n.csv"), "text1,text2,score\na,b,high\n");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readScored(score)), "n.csv:2", "not a finite number");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readPairs(dir.resolve("none.jsonl"))), "does not exist");
        Path txt = Files.writeString(dir.resolve("p.txt"), "x\n");
        messageContains(assertThrows(InvalidInputException.class, () -> PairRecords.readPairs(txt)), ".jsonl or .csv");
    }
}
