package org.contrastive4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("input file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read input file " + file + ": " + e.getMessage());
        }
        boolean jsonl = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        List<Text> texts = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String raw;
            try {
                raw = utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
            } catch (CharacterCodingException e) {
                throw new InvalidInputException(file + ":" + line + ": invalid UTF-8");
            }
            String text = jsonl && !raw.isBlank() ? field(raw, field, file, line) : raw;
            if (text.isBlank()) {
                skipped.add(line);
            } else {
                texts.add(new Text(line, text));
            }
            start = end + 1;
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
