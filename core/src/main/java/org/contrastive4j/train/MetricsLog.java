package org.contrastive4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, flushed as written, so a killed run keeps
 * every line it logged. Resuming appends; lines past the resumed step (and a half-written last
 * line) are dropped first, atomically, so the file reads as one uninterrupted run.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final BufferedWriter writer;

    public MetricsLog(Path file, long resumeStep) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (resumeStep > 0 && Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (i == lines.size() - 1) {
                        break; // the half-written line of a run killed mid-write
                    }
                    throw new InvalidInputException(file + ":" + (i + 1) + ": not valid JSON, so the run cannot resume its log");
                }
                if (row.path("step").asLong(0) <= resumeStep) {
                    kept.add(line);
                }
            }
            SafeFiles.write(file, out -> {
                for (String line : kept) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
        } else {
            Files.deleteIfExists(file);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    public synchronized void write(Map<String, ?> values) {
        ObjectNode node = JSON.valueToTree(values);
        try {
            writer.write(JSON.writeValueAsString(node));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Every line of a metrics file, parsed. */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = JSON.readValue(line, Map.class);
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** The (step, value) points of {@code key} in rows read by {@link #read}: [0] steps, [1] values. */
    public static double[][] series(List<Map<String, Object>> rows, String key) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (row.get(key) instanceof Number v) {
                points.add(new double[] {((Number) row.get("step")).doubleValue(), v.doubleValue()});
            }
        }
        double[][] s = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            s[0][i] = points.get(i)[0];
            s[1][i] = points.get(i)[1];
        }
        return s;
    }
}
