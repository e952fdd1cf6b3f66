package org.contrastive4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File writes that never leave half a file behind, and recursive deletion. */
public final class SafeFiles {
    private SafeFiles() {}

    /** What writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary file beside it, renamed into place only when the
     * content is complete; on failure the temporary file is removed and the old target kept.
     */
    public static void write(Path target, Content content) throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            content.writeTo(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // writers such as Jackson close what they are given; the channel must stay open to be forced
                }
            });
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + target + " (nothing was replaced): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Flushes every file directly in {@code dir} to the disk, so that a rename that publishes them publishes their bytes. */
    public static void sync(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * {@code relative}, a path read from a file in {@code dir} (a model's module or weights file),
     * resolved against {@code dir}; one that leads outside it ("..", an absolute path, a link out)
     * is an InvalidInputException starting with {@code what}.
     */
    public static Path inside(Path dir, String relative, String what) {
        if (relative.indexOf('\0') >= 0) {
            throw new org.contrastive4j.InvalidInputException(what + " holds a NUL character");
        }
        Path base = dir.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        boolean escapes = Path.of(relative).isAbsolute() || !resolved.startsWith(base);
        if (!escapes && Files.exists(resolved)) {
            try {
                escapes = !resolved.toRealPath().startsWith(base.toRealPath());
            } catch (IOException e) {
                escapes = true;
            }
        }
        if (escapes) {
            throw new org.contrastive4j.InvalidInputException(what + " '" + relative + "' leads outside " + dir);
        }
        return dir.resolve(relative).normalize();
    }

    /** Deletes a file or a directory with everything below it; nothing if it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
