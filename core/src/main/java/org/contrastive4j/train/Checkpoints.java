package org.contrastive4j.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checkpoints under {@code OUT/checkpoints/}: one directory per step holding the weights
 * ({@code model.params}, BN statistics included), the optimizer state ({@code optimizer.ndlist})
 * and {@code state.json} (step, seed, configuration, and the SHA-256 of the other two, checked
 * before they are decoded). Each is written to a temporary directory
 * and flushed to disk, renamed into place, then {@code latest} is replaced the same way, so a kill
 * (or a full disk) at any moment leaves the previous checkpoint intact. The newest {@value #KEEP} are kept.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMS = "model.params";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String STATE = "state.json";

    private final Path dir;

    public Checkpoints(Path outDir) {
        this.dir = outDir.resolve("checkpoints");
    }

    public Path dir() {
        return dir;
    }

    /** What a checkpoint restores besides the arrays. */
    public record State(long step, JsonNode meta) {}

    public Path save(long step, Trainable model, Optimizer optimizer, JsonNode meta) {
        String name = String.format("step-%08d", step);
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(".tmp-" + name);
        Path old = dir.resolve(".old-" + name);
        try {
            Files.createDirectories(dir);
            SafeFiles.deleteTree(tmp);
            SafeFiles.deleteTree(old);
            Files.createDirectories(tmp);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMS))))) {
                model.save(out);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER)))) {
                optimizer.save(out);
            }
            var state = JSON.createObjectNode().put("step", step);
            state.set("meta", meta);
            var sums = state.putObject("sha256");
            for (String file : List.of(PARAMS, OPTIMIZER)) {
                sums.put(file, SafeFiles.sha256(tmp.resolve(file)));
            }
            Files.writeString(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
            SafeFiles.sync(tmp);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            SafeFiles.write(dir.resolve("latest"), out -> out.write((name + "\n").getBytes(StandardCharsets.UTF_8)));
            SafeFiles.deleteTree(old);
            prune(name);
            return target;
        } catch (IOException e) {
            try {
                SafeFiles.deleteTree(tmp);
            } catch (IOException ignored) {
                // the write already failed; the previous checkpoint is what matters and it is untouched
            }
            throw new UncheckedIOException("cannot write checkpoint " + target + " (the previous one is kept)", e);
        }
    }

    /**
     * The newest checkpoint's directory, or null if there is none. The {@code latest} pointer
     * names it; if the pointer is missing or names nothing (a run killed between renames), the
     * newest complete {@code step-*} directory is taken: directories only appear complete.
     */
    public Path latest() {
        Path pointer = dir.resolve("latest");
        if (Files.exists(pointer)) {
            try {
                String name = Files.readString(pointer).strip();
                if (name.matches("step-[0-9]{8}") && Files.isRegularFile(dir.resolve(name).resolve(STATE))) {
                    return dir.resolve(name);
                }
            } catch (IOException e) {
                // fall through to the directory listing
            }
        }
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().matches("step-[0-9]{8}"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            throw new InvalidInputException("cannot list the checkpoints in " + dir + ": " + e.getMessage());
        }
    }

    /** Restores weights and optimizer state from {@code checkpoint}; every failure names the file. */
    public State load(Path checkpoint, Trainable model, Optimizer optimizer) {
        JsonNode state = verify(checkpoint);
        Path params = checkpoint.resolve(PARAMS);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            model.load(in, params.toString());
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint file " + params + " is missing or unreadable: " + e.getMessage());
        }
        Path opt = checkpoint.resolve(OPTIMIZER);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(opt));
             NDManager scratch = model.manager().newSubManager()) {
            optimizer.load(NDList.decode(scratch, in));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("checkpoint file " + opt + " is missing or corrupt: " + e.getMessage());
        }
        return new State(state.get("step").asLong(), state.get("meta"));
    }

    /**
     * Reads {@code checkpoint}'s state.json and checks its weight and optimizer files against the
     * SHA-256 it recorded; returns the state. Nothing is decoded from a file that is not byte for
     * byte what was written.
     */
    public static JsonNode verify(Path checkpoint) {
        Path stateFile = checkpoint.resolve(STATE);
        JsonNode state;
        try {
            state = JSON.readTree(Files.readString(stateFile));
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint file " + stateFile + " is missing or corrupt: " + e.getMessage());
        }
        if (state == null || !state.path("step").canConvertToLong() || state.path("step").asLong() < 0) {
            throw new InvalidInputException("checkpoint file " + stateFile + " has no step");
        }
        for (String file : List.of(PARAMS, OPTIMIZER)) {
            verify(checkpoint.resolve(file), state.path("sha256").path(file));
        }
        return state;
    }

    private static void verify(Path file, JsonNode expected) {
        if (!expected.isTextual()) {
            throw new InvalidInputException("checkpoint file " + file.resolveSibling(STATE) + " records no SHA-256 of "
                    + file.getFileName() + " (written by an older contrastive4j, or edited): start the run again without resuming");
        }
        String actual;
        try {
            actual = SafeFiles.sha256(file);
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint file " + file + " is missing or unreadable: " + e.getMessage());
        }
        if (!actual.equals(expected.asText())) {
            throw new InvalidInputException("checkpoint file " + file + " is corrupt: its SHA-256 is not the one "
                    + file.resolveSibling(STATE).getFileName() + " recorded when it was written");
        }
    }

    private void prune(String newest) throws IOException {
        try (Stream<Path> stale = Files.list(dir)) {
            for (Path p : stale.filter(p -> p.getFileName().toString().matches("\\.(tmp|old)-step-[0-9]{8}")).toList()) {
                SafeFiles.deleteTree(p); // left by a run killed while writing
            }
        }
        try (Stream<Path> all = Files.list(dir)) {
            List<Path> steps = all.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
            for (int i = 0; i < steps.size() - KEEP; i++) {
                if (!steps.get(i).getFileName().toString().equals(newest)) {
                    SafeFiles.deleteTree(steps.get(i));
                }
            }
        }
    }
}
