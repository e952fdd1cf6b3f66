package org.contrastive4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The tensors of a loss-probe file: one JSON object whose keys are roles ({@code "z1"},
 * {@code "tau"}, ...) and whose values are nested arrays of numbers or scalars. Every accessor
 * validates as it reads and fails with a message naming the file, the role and the shape.
 */
final class ProbeInput {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN is reported by role, not as a syntax error
            .build();

    private final Path file;
    private final JsonNode root;
    private final NDManager manager;

    private ProbeInput(Path file, JsonNode root, NDManager manager) {
        this.file = file;
        this.root = root;
        this.manager = manager;
    }

    /** Reads {@code file}; only the roles in {@code allowed} may appear in it. */
    static ProbeInput read(Path file, Set<String> allowed, NDManager manager) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("input file '" + file + "' does not exist");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInputException("input file '" + file + "' is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + conciseMessage(e));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read input file '" + file + "': " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("input file '" + file + "' must hold one JSON object with a key per role");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InvalidInputException("input file '" + file + "' has an unknown role '" + key
                        + "'; expected " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return new ProbeInput(file, root, manager);
    }

    /** Jackson's message without its multi-line source excerpt. */
    private static String conciseMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" (start marker at");
        message = cut >= 0 ? message.substring(0, cut) : message;
        cut = message.indexOf('\n');
        return cut >= 0 ? message.substring(0, cut) : message;
    }

    boolean has(String role) {
        return root.has(role) && !root.get(role).isNull();
    }

    /** A float64 tensor of the given rank; every value finite. */
    NDArray tensor(String role, int rank) {
        if (!has(role)) {
            throw new InvalidInputException("input file '" + file + "' lacks the role '" + role + "'");
        }
        List<Long> shape = new ArrayList<>();
        JsonNode node = root.get(role);
        for (int r = 0; r < rank; r++) {
            if (!node.isArray()) {
                throw wrongRank(role, rank);
            }
            if (node.size() == 0) {
                throw new InvalidInputException("input '" + role + "' in '" + file + "' is empty");
            }
            shape.add((long) node.size());
            node = node.get(0);
        }
        long size = 1;
        for (long n : shape) {
            size *= n;
        }
        double[] values = new double[Math.toIntExact(size)];
        fill(role, root.get(role), 0, shape, values, new int[] {0}, "");
        Shape s = new Shape(shape.stream().mapToLong(Long::longValue).toArray());
        NDArray x = manager.create(values, s);
        Checks.finite(role, x);
        return x;
    }

    NDArray optionalTensor(String role, int rank) {
        return has(role) ? tensor(role, rank) : null;
    }

    NDManager manager() {
        return manager;
    }

    double scalar(String role, double defaultValue) {
        return has(role) ? scalar(role) : defaultValue;
    }

    /** A required scalar. */
    double scalar(String role) {
        if (!has(role)) {
            throw new InvalidInputException("input file '" + file + "' lacks the role '" + role + "'");
        }
        JsonNode node = root.get(role);
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new InvalidInputException("input '" + role + "' in '" + file + "' must be a finite number, got " + node);
        }
        return node.asDouble();
    }

    /** Integer class labels [N]. */
    int[] labels(String role) {
        double[] v = tensor(role, 1).toDoubleArray();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new InvalidInputException("input '" + role + "' holds " + v[i] + " at [" + i + "]; labels must be integers");
            }
            labels[i] = (int) v[i];
        }
        return labels;
    }

    /** A [N] array of 0/1 (or true/false) flags. */
    boolean[] flags(String role) {
        JsonNode node = root.get(role);
        if (node != null && node.isArray()) {
            boolean[] out = new boolean[node.size()];
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (v.isBoolean()) {
                    out[i] = v.asBoolean();
                } else if (v.isNumber() && (v.asDouble() == 0 || v.asDouble() == 1)) {
                    out[i] = v.asDouble() == 1;
                } else {
                    throw new InvalidInputException("input '" + role + "' holds " + v + " at [" + i + "]; use 1 (same) or 0 (different)");
                }
            }
            if (out.length == 0) {
                throw new InvalidInputException("input '" + role + "' in '" + file + "' is empty");
            }
            return out;
        }
        throw new InvalidInputException(has(role) ? "input '" + role + "' in '" + file + "' must be an array [N]"
                : "input file '" + file + "' lacks the role '" + role + "'");
    }

    private void fill(String role, JsonNode node, int depth, List<Long> shape, double[] out, int[] next, String at) {
        if (depth == shape.size()) {
            if (node.isArray()) {
                throw wrongRank(role, shape.size());
            }
            if (!node.isNumber()) {
                throw new InvalidInputException("input '" + role + "' holds " + node + " at " + at + "; expected a number");
            }
            out[next[0]++] = node.asDouble();
            return;
        }
        if (!node.isArray()) {
            throw wrongRank(role, shape.size());
        }
        if (node.size() != shape.get(depth)) {
            throw new InvalidInputException("input '" + role + "' is ragged: " + (at.isEmpty() ? "the top level" : at)
                    + " has " + node.size() + " entries where " + shape.get(depth) + " were expected from the first "
                    + (depth == 0 ? "" : "row"));
        }
        for (int i = 0; i < node.size(); i++) {
            fill(role, node.get(i), depth + 1, shape, out, next, at + "[" + i + "]");
        }
    }

    private InvalidInputException wrongRank(String role, int rank) {
        String expected = rank == 1 ? "[N]" : rank == 2 ? "[N][d]" : "[N][M][d]";
        return new InvalidInputException("input '" + role + "' in '" + file + "' must be a " + rank
                + "-dimensional array " + expected + " of numbers");
    }
}
