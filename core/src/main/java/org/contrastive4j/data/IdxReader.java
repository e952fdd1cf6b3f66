package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of (Fashion-)MNIST, gzipped or not: a big-endian magic number
 * {@code 0x0000 type rank}, one int per dimension, then the unsigned bytes. Every way the file
 * can be wrong (missing, not gzip, wrong magic, truncated) is one clear message naming it.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** Images: rank 3, [n][rows][cols], returned as n arrays of rows*cols bytes. */
    public static byte[][] readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in, 3);
            long size = (long) dims[1] * dims[2];
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("IDX file '" + file + "' declares images of " + dims[1] + " x " + dims[2]
                        + " pixels, more than one array holds");
            }
            // Allocated as the bytes arrive: a header declaring more than the file holds fails at its end, not in new[].
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < dims[0]; i++) {
                images.add(readItem(file, in, (int) size, i, dims[0]));
            }
            return images.toArray(new byte[0][]);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** The [rows, cols] of an image file, read from its header only. */
    public static int[] imageShape(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in, 3);
            return new int[] {dims[1], dims[2]};
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Labels: rank 1, [n]. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in, 1);
            byte[] raw = readItem(file, in, dims[0], 0, 1);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
    }

    private static int[] header(Path file, DataInputStream in, int rank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new InvalidInputException("IDX file '" + file + "' is empty or truncated before its header");
        }
        int expected = (UNSIGNED_BYTE << 8) | rank;
        if (magic != expected) {
            throw new InvalidInputException(String.format("IDX file '%s' has magic number 0x%08x; expected 0x%08x "
                    + "(unsigned bytes, %d dimensions): is it the right file?", file, magic, expected, rank));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new InvalidInputException("IDX file '" + file + "' is truncated inside its header");
            }
            if (dims[i] <= 0) {
                throw new InvalidInputException("IDX file '" + file + "' declares dimension " + i + " as " + dims[i]);
            }
        }
        return dims;
    }

    private static byte[] readItem(Path file, DataInputStream in, int length, int item, int items) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new InvalidInputException("IDX file '" + file + "' is truncated: it ends inside item " + item
                    + " of the " + items + " its header declares");
        }
        return bytes;
    }

    private static InvalidInputException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException("IDX file '" + file + "' does not exist");
        }
        if (e instanceof ZipException) {
            return new InvalidInputException("IDX file '" + file + "' is not valid gzip: " + e.getMessage());
        }
        if (e instanceof EOFException) {
            return new InvalidInputException("IDX file '" + file + "' is truncated (the gzip stream ends early)");
        }
        return new InvalidInputException("cannot read IDX file '" + file + "': " + e.getMessage(), e);
    }
}
