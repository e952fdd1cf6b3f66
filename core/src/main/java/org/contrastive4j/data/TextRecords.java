package org.contrastive4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Texts to embed, one per line: plain {@code .txt}, or {@code .jsonl} with the text in a named
 * field. Blank texts are skipped and their line numbers kept for the report; invalid UTF-8, a
 * malformed JSON line or a missing field stop with the file and line.
 */
public final class TextRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One text and the line (1-based) it came from. */
    public record Text(int line, String text) {}

    /** The texts, and the line numbers of the blank ones that were skipped. */
    public record Loaded(List<Text> texts, List<Integer> skippedLines) {
        public List<String> strings() {
            return texts.stream().map(Text::text).toList();
        }
    }

    private TextRecords() {}

    public static Loaded read(Path file, String field) {
        boolean jsonl = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        List<Text> texts = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        int line = 0;
        for (String raw : Utf8Lines.read(file, "input")) {
            line++;
            String text = jsonl && !raw.isBlank() ? field(raw, field, file, line) : raw;
            if (text.isBlank()) {
                skipped.add(line);
            } else {
                texts.add(new Text(line, text));
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidInputException("input file " + file + " holds no text to embed"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " blank line(s))"));
        }
        return new Loaded(texts, skipped);
    }

    private static String field(String raw, String field, Path file, int line) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ":" + line + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(file + ":" + line + ": expected a JSON object per line");
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(file + ":" + line + ": no field '" + field + "' (choose it with --field)");
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(file + ":" + line + ": field '" + field + "' is not a string");
        }
        return value.asText();
    }
}
