package org.contrastive4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * User training data: JSONL (one object per line) or CSV (a header row naming the columns) of
 * <ul>
 *   <li>pairs: {@code anchor}, {@code positive};</li>
 *   <li>triples: {@code anchor}, {@code positive}, {@code negative};</li>
 *   <li>n-tuples: {@code anchor}, {@code positive}, {@code negative_1} ... {@code negative_n}
 *   (sentence-transformers' n-tuple columns; after {@code negative} when both are given);</li>
 *   <li>scored pairs: {@code text1}, {@code text2}, {@code score}.</li>
 * </ul>
 * A record that is not valid JSON or CSV, lacks a field, or holds an empty text stops the read
 * with the file and line; blank lines are skipped.
 */
public final class PairRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PairRecords() {}

    /** Pairs or triples; each record is its own group (its line). */
    public static List<TextPair> readPairs(Path file) {
        List<TextPair> out = new ArrayList<>();
        for (Record r : records(file)) {
            List<String> negatives = new ArrayList<>();
            if (r.fields().containsKey("negative")) {
                negatives.add(r.text("negative"));
            }
            for (int k = 1; r.fields().containsKey("negative_" + k); k++) {
                negatives.add(r.text("negative_" + k));
            }
            out.add(new TextPair(r.text("anchor"), r.text("positive"), null, file.getFileName() + ":" + r.line())
                    .withNegatives(negatives));
        }
        return out;
    }

    public static List<ScoredPair> readScored(Path file) {
        List<ScoredPair> out = new ArrayList<>();
        for (Record r : records(file)) {
            out.add(new ScoredPair(r.text("text1"), r.text("text2"), r.number("score")));
        }
        return out;
    }

    /** One record's fields and where it came from. */
    private record Record(Path file, int line, Map<String, String> fields) {
        String text(String name) {
            String v = fields.get(name);
            if (v == null) {
                throw new InvalidInputException(file + ":" + line + ": no field '" + name + "' (fields: " + fields.keySet() + ")");
            }
            if (v.isBlank()) {
                throw new InvalidInputException(file + ":" + line + ": field '" + name + "' is empty");
            }
            return v;
        }

        double number(String name) {
            String v = text(name);
            try {
                double d = Double.parseDouble(v.strip());
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidInputException(file + ":" + line + ": field '" + name + "' is not a finite number: " + v);
            }
        }
    }

    private static List<Record> records(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Record> records;
        try {
            if (name.endsWith(".jsonl")) {
                records = jsonl(file);
            } else if (name.endsWith(".csv")) {
                Utf8Lines.read(file, "training data"); // names the line of a byte that is not UTF-8, which the CSV reader cannot
                records = csv(file);
            } else {
                throw new InvalidInputException("training data " + file + " must be .jsonl or .csv");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("training data file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read training data " + file + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new InvalidInputException("training data file " + file + " holds no records");
        }
        return records;
    }

    private static List<Record> jsonl(Path file) throws IOException {
        List<Record> out = new ArrayList<>();
        List<String> lines = Utf8Lines.read(file, "training data");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": expected a JSON object per line");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isNull()) {
                    fields.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            }
            out.add(new Record(file, i + 1, fields));
        }
        return out;
    }

    private static List<Record> csv(Path file) throws IOException {
        List<Record> out = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class).with(schema).readValues(reader)) {
            while (true) {
                int line = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    line = it.getCurrentLocation().getLineNr();
                    Map<String, String> row = it.nextValue();
                    row.values().removeIf(v -> v == null);
                    out.add(new Record(file, line, row));
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new InvalidInputException(file + ":" + Math.max(line, 1) + ": malformed CSV record ("
                            + cause.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        }
        return out;
    }
}
