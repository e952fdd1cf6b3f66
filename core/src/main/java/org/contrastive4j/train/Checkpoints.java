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
 * and {@code state.json} (step, seed, configuration). Each is written to a temporary directory
 * and renamed into place, then {@code latest} is replaced the same way, so a kill at any moment
 * leaves the previous checkpoint intact. The newest {@value #KEEP} are kept.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        try {
            Files.createDirectories(dir);
            SafeFiles.deleteTree(tmp);
            Files.createDirectories(tmp);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve("model.params"))))) {
                model.save(out);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("optimizer.ndlist")))) {
                optimizer.save(out);
            }
            var state = JSON.createObjectNode().put("step", step);
            state.set("meta", meta);
            Files.writeString(tmp.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
            SafeFiles.deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            SafeFiles.write(dir.resolve("latest"), out -> out.write((name + "\n").getBytes(StandardCharsets.UTF_8)));
            prune(name);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /** The newest checkpoint's directory, or null if there is none. */
    public Path latest() {
        Path pointer = dir.resolve("latest");
        if (!Files.exists(pointer)) {
            return null;
        }
        try {
            Path p = dir.resolve(Files.readString(pointer).strip());
            if (!Files.isDirectory(p)) {
                throw new InvalidInputException("checkpoint pointer " + pointer + " names " + p + ", which does not exist");
            }
            return p;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read checkpoint pointer " + pointer + ": " + e.getMessage());
        }
    }

    /** Restores weights and optimizer state from {@code checkpoint}; every failure names the file. */
    public State load(Path checkpoint, Trainable model, Optimizer optimizer) {
        Path stateFile = checkpoint.resolve("state.json");
        JsonNode state;
        try {
            state = JSON.readTree(Files.readString(stateFile));
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint file " + stateFile + " is missing or corrupt: " + e.getMessage());
        }
        if (state == null || !state.has("step")) {
            throw new InvalidInputException("checkpoint file " + stateFile + " has no step");
        }
        Path params = checkpoint.resolve("model.params");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            model.load(in, params.toString());
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint file " + params + " is missing or unreadable: " + e.getMessage());
        }
        Path opt = checkpoint.resolve("optimizer.ndlist");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(opt));
             NDManager scratch = model.manager().newSubManager()) {
            optimizer.load(NDList.decode(scratch, in));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("checkpoint file " + opt + " is missing or corrupt: " + e.getMessage());
        }
        return new State(state.get("step").asLong(), state.get("meta"));
    }

    private void prune(String newest) throws IOException {
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
