package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] idx(int magic, int[] dims, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < payload; i++) {
            out.writeByte(i % 256);
        }
        return bytes.toByteArray();
    }

    private Path gz(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return p;
    }

    @Test
    void readsImagesAndLabels() throws IOException {
        Path images = gz("i.gz", idx(0x803, new int[] {2, 2, 3}, 12));
        Path labels = gz("l.gz", idx(0x801, new int[] {2}, 2));
        byte[][] read = IdxReader.readImages(images);
        assertEquals(2, read.length);
        assertArrayEquals(new byte[] {6, 7, 8, 9, 10, 11}, read[1]);
        assertArrayEquals(new int[] {0, 1}, IdxReader.readLabels(labels));
        assertArrayEquals(new int[] {2, 3}, IdxReader.imageShape(images));
    }

    @Test
    void everyKindOfBadFileIsNamed() throws IOException {
        Path wrongMagic = gz("magic.gz", idx(0x801, new int[] {2, 2, 3}, 12));
        messageContains(assertThrows(InvalidInputException.class, () -> IdxReader.readImages(wrongMagic)),
                "magic.gz", "magic number 0x00000801", "expected 0x00000803");
        Path truncated = gz("trunc.gz", idx(0x803, new int[] {3, 2, 3}, 13));
        messageContains(assertThrows(InvalidInputException.class, () -> IdxReader.readImages(truncated)),
                "trunc.gz", "truncated", "item 2 of the 3");
        Path notGzip = dir.resolve("plain.gz");
        Files.write(notGzip, new byte[] {1, 2, 3, 4, 5});
        messageContains(assertThrows(InvalidInputException.class, () -> IdxReader.readImages(notGzip)), "plain.gz", "not valid gzip");
        Path empty = gz("empty.gz", new byte[0]);
        messageContains(assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(empty)), "empty.gz", "empty or truncated");
        messageContains(assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(dir.resolve("none.gz"))),
                "none.gz", "does not exist");
    }

    @Test
    void missingPackageSaysHowToInstallIt() {
        messageContains(assertThrows(InvalidInputException.class, () -> FashionMnist.train(dir.resolve("nowhere"))),
                "apt-get install dataset-fashion-mnist");
        messageContains(assertThrows(InvalidInputException.class, () -> FashionMnist.train(dir)), "train-images-idx3-ubyte.gz", "missing");
    }
}
