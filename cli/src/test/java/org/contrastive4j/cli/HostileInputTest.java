package org.contrastive4j.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files no one meant to hand over: a million blank lines, one 100 MB line, invalid UTF-8 in
 * every text reader, a directory of empty images. Each ends in a result or one line naming the
 * file (and line), never a stack trace, a hang or an out-of-memory.
 */
class HostileInputTest {
    private static final byte[] INVALID_UTF8 = {'o', 'k', '\n', (byte) 0xc3, (byte) 0x28, '\n'};

    @TempDir
    Path dir;

    @Test
    void aMillionBlankLinesIsNoText() throws Exception {
        Path f = dir.resolve("blank.txt");
        Files.write(f, "\n".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        CliRun.of("embed", "--input", f.toString(), "--output", dir.resolve("v.npy").toString(), "--no-progress")
                .assertOneLineError(f.toString(), "no text", "1000000 blank");
    }

    @Test
    void aHundredMegabyteLineIsEmbeddedAsItsFirstTokens() throws Exception {
        Path f = dir.resolve("long.txt");
        byte[] word = "contrastive ".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long written = 0; written < 100L << 20; written += word.length) {
                out.write(word);
            }
            out.write("\nshort line\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path vectors = dir.resolve("v.jsonl");
        CliRun run = CliRun.of("embed", "--input", f.toString(), "--output", vectors.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, Files.readAllLines(vectors).size());
    }

    @Test
    void invalidUtf8IsNamedByFileAndLineInEveryTextReader() throws Exception {
        Path txt = Files.write(dir.resolve("bad.txt"), INVALID_UTF8);
        CliRun.of("embed", "--input", txt.toString(), "--output", dir.resolve("v.npy").toString(), "--no-progress")
                .assertOneLineError(txt + ":2", "UTF-8");
        Path pairs = Files.write(dir.resolve("bad.jsonl"), concat("{\"anchor\": \"a\", \"positive\": \"b\"}\n", INVALID_UTF8));
        CliRun.of("train", "retriever", "--pairs", pairs.toString(), "--out", dir.resolve("r").toString(), "--steps", "1",
                "--no-progress").assertOneLineError(pairs.toString(), "UTF-8");
        CliRun.of("mine", "--pairs", pairs.toString(), "--out", dir.resolve("m.jsonl").toString())
                .assertOneLineError(pairs.toString(), "UTF-8");
        CliRun.of("eval", "sts", "--pairs", pairs.toString()).assertOneLineError(pairs.toString(), "UTF-8");
        Path corpus = Files.write(dir.resolve("corpus.jsonl"), concat("{\"_id\": \"d1\", \"text\": \"x\"}\n", INVALID_UTF8));
        Path queries = Files.write(dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"y\"}\n".getBytes(StandardCharsets.UTF_8));
        Path qrels = Files.write(dir.resolve("qrels.tsv"), "q1\td1\t1\n".getBytes(StandardCharsets.UTF_8));
        CliRun.of("eval", "retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels", qrels.toString())
                .assertOneLineError(corpus.toString(), "UTF-8");
    }

    @Test
    void aDirectoryOfEmptyImagesIsNamed() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String name : new String[] {"shoe/a.png", "shoe/b.jpg", "bag/c.gif", "bag/d.bmp"}) {
            Files.createDirectories(images.resolve(name).getParent());
            Files.write(images.resolve(name), new byte[0]);
        }
        CliRun run = CliRun.of("train", "simclr", "--images", images.toString(), "--out", dir.resolve("s").toString(), "--steps", "1");
        run.assertOneLineError(images.toString());
        assertTrue(run.err().contains("no readable image") && run.err().contains("not a decodable image"), run.err());
    }

    private static byte[] concat(String head, byte[] tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(h, h.length + tail.length);
        System.arraycopy(tail, 0, all, h.length, tail.length);
        return all;
    }
}
