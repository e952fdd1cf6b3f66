package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every format written is read back to the same numbers. */
class EmbeddingFilesTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughEveryFormat() throws IOException {
        float[][] v = {{0.25f, -1.5f, 3f}, {1e-3f, 0f, -7.125f}};
        List<TextRecords.Text> texts = List.of(new TextRecords.Text(1, "a"), new TextRecords.Text(3, "b"));
        for (String ext : new String[] {"npy", "safetensors", "jsonl"}) {
            Path f = dir.resolve("e." + ext);
            EmbeddingFiles.write(f, v, texts);
            EmbeddingFiles.Read read = EmbeddingFiles.read(f);
            assertEquals(2, read.vectors().length, ext);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(v[i], read.vectors()[i], ext);
            }
            if (ext.equals("jsonl")) {
                assertEquals(List.of("a", "b"), read.texts());
            } else {
                assertNull(read.texts());
            }
        }
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"embedding\": [1, 2]}\n{\"embedding\": [1]}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> EmbeddingFiles.read(f)), "bad.jsonl:2", "1 dimensions");
        messageContains(assertThrows(InvalidInputException.class, () -> EmbeddingFiles.read(dir.resolve("x.npy"))), "does not exist");
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "not numpy");
        messageContains(assertThrows(InvalidInputException.class, () -> EmbeddingFiles.read(junk)), "junk.npy");
    }
}
