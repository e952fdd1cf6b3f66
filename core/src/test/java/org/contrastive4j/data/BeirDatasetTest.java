package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BeirDatasetTest {
    @TempDir
    Path dir;

    private Path corpus;
    private Path queries;

    private void write(String corpusText, String queriesText) throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.jsonl"), corpusText);
        queries = Files.writeString(dir.resolve("queries.jsonl"), queriesText);
    }

    private Path qrels(String text) throws IOException {
        return Files.writeString(dir.resolve("qrels.tsv"), text);
    }

    @Test
    void readsTheLayoutWithAHeaderAndGradedScores() throws IOException {
        write("{\"_id\": \"d1\", \"title\": \"Cats\", \"text\": \"Cats purr.\"}\n{\"_id\": 2, \"text\": \"Dogs bark.\"}\n\n",
                "{\"_id\": \"q1\", \"text\": \"what purrs\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n");
        BeirDataset d = BeirDataset.read(corpus, queries, qrels("query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\t2\t0\n"));
        assertEquals(2, d.corpus().size());
        assertEquals("Cats Cats purr.", d.corpus().get(0).content());
        assertEquals("Dogs bark.", d.corpus().get(1).content(), "no title: the text alone");
        assertEquals(1, d.queries().size(), "only judged queries are evaluated");
        assertEquals(Map.of("d1", 2, "2", 0), d.qrels().get("q1"));
    }

    @Test
    void mistakesNameFileAndLine() throws IOException {
        write("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"b\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, qrels("q1\td9\t1\n"))),
                "qrels.tsv:1", "the document 'd9' is not in");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, qrels("q1\td1\t1\nq7\td1\t1\n"))),
                "qrels.tsv:2", "the query 'q7' is not in");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, qrels("q1\td1\thigh\n"))),
                "qrels.tsv:1", "'high' is not an integer");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, qrels("q1\td1\n"))),
                "qrels.tsv:1", "expected 'query-id corpus-id score'");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, qrels("q1\td1\t1\nq1\td1\t2\n"))),
                "qrels.tsv:2", "judged twice");
        Path good = qrels("q1\td1\t1\n");
        write("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n", "{\"_id\": \"q1\", \"text\": \"b\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, good)),
                "corpus.jsonl:2", "'d1' appears twice");
        write("\n\n", "{\"_id\": \"q1\", \"text\": \"b\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, good)), "no documents");
        write("{\"_id\": \"d1\", \"text\": \"a\"}\nnot json\n", "{\"_id\": \"q1\", \"text\": \"b\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, good)), "corpus.jsonl:2", "not JSON");
        write("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"text\": \"b\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, good)), "queries.jsonl:1", "no '_id'");
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(dir.resolve("none.jsonl"), queries, good)),
                "none.jsonl", "does not exist");
        Files.write(corpus, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        messageContains(assertThrows(InvalidInputException.class, () -> BeirDataset.read(corpus, queries, good)), "invalid UTF-8");
    }
}
