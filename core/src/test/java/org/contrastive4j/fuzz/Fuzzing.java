package org.contrastive4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.contrastive4j.InvalidInputException;

/**
 * What every reader's fuzz test asserts: on any input the reader either returns or throws an
 * {@link InvalidInputException} with a message; any other exception, an error (an
 * OutOfMemoryError included: the fuzz JVM's heap is small on purpose) or a hang is a finding.
 * Inputs go through real files, as users hand them over.
 */
final class Fuzzing {
    private static Path dir;

    private Fuzzing() {}

    /** A scratch directory for this JVM, reused by every input. */
    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("c4j-fuzz");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    /** Writes {@code bytes} to {@code name} in the scratch directory (replacing the last input's file). */
    static Path file(String name, byte[] bytes) {
        try {
            Path f = dir().resolve(name);
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code read}; an InvalidInputException must carry a message, anything else propagates to the fuzzer. */
    static void expectReadOrInvalidInput(Read read) {
        try {
            read.run();
        } catch (InvalidInputException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("InvalidInputException without a message", e);
            }
        } catch (IOException e) {
            throw new AssertionError("the reader let an IOException out instead of naming the problem", e);
        }
    }

    @FunctionalInterface
    interface Read {
        void run() throws IOException;
    }
}
