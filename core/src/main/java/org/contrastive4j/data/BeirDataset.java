package org.contrastive4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A retrieval benchmark in BEIR's layout: {@code corpus.jsonl} (one {@code {"_id", "title", "text"}}
 * per line), {@code queries.jsonl} ({@code {"_id", "text"}}) and a qrels TSV
 * ({@code query-id corpus-id score}, graded relevance as integers, an optional header line). Every
 * mistake is one line naming file and line: a duplicate id, a qrels line naming an unknown query
 * or document, a score that is not an integer, an empty corpus.
 */
public record BeirDataset(List<Document> corpus, List<Query> queries, Map<String, Map<String, Integer>> qrels) {

    public record Document(String id, String title, String text) {
        /** What is embedded, as BEIR's dense retrievers do: the title and the text, one space apart. */
        public String content() {
            return title.isEmpty() ? text : (title + " " + text).strip();
        }
    }

    public record Query(String id, String text) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the three files; {@code qrels} keeps only the judged queries, in file order. */
    public static BeirDataset read(Path corpusFile, Path queriesFile, Path qrelsFile) {
        Map<String, Document> corpus = new LinkedHashMap<>();
        forEachLine(corpusFile, (line, number) -> {
            JsonNode node = json(corpusFile, number, line);
            String id = id(corpusFile, number, node);
            if (corpus.put(id, new Document(id, node.path("title").asText(""), text(corpusFile, number, node))) != null) {
                throw new InvalidInputException(corpusFile + ":" + number + ": the document id '" + id + "' appears twice");
            }
        });
        if (corpus.isEmpty()) {
            throw new InvalidInputException(corpusFile + ": the corpus has no documents");
        }
        Map<String, Query> queries = new LinkedHashMap<>();
        forEachLine(queriesFile, (line, number) -> {
            JsonNode node = json(queriesFile, number, line);
            String id = id(queriesFile, number, node);
            if (queries.put(id, new Query(id, text(queriesFile, number, node))) != null) {
                throw new InvalidInputException(queriesFile + ":" + number + ": the query id '" + id + "' appears twice");
            }
        });
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        forEachLine(qrelsFile, (line, number) -> {
            String[] f = line.split("\t");
            if (f.length != 3) {
                f = line.trim().split("\\s+");
            }
            if (f.length != 3) {
                throw new InvalidInputException(qrelsFile + ":" + number + ": expected 'query-id corpus-id score', got " + f.length
                        + " fields");
            }
            if (number == 1 && f[2].equals("score")) {
                return; // BEIR's header line
            }
            int score;
            try {
                score = Integer.parseInt(f[2].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(qrelsFile + ":" + number + ": the score '" + f[2] + "' is not an integer");
            }
            String query = f[0].trim();
            String doc = f[1].trim();
            if (!queries.containsKey(query)) {
                throw new InvalidInputException(qrelsFile + ":" + number + ": the query '" + query + "' is not in " + queriesFile);
            }
            if (!corpus.containsKey(doc)) {
                throw new InvalidInputException(qrelsFile + ":" + number + ": the document '" + doc + "' is not in " + corpusFile);
            }
            if (qrels.computeIfAbsent(query, q -> new LinkedHashMap<>()).put(doc, score) != null) {
                throw new InvalidInputException(qrelsFile + ":" + number + ": query '" + query + "' and document '" + doc
                        + "' are judged twice");
            }
        });
        if (qrels.isEmpty()) {
            throw new InvalidInputException(qrelsFile + ": no judgments");
        }
        List<Query> judged = new ArrayList<>();
        qrels.keySet().forEach(q -> judged.add(queries.get(q)));
        return new BeirDataset(List.copyOf(corpus.values()), judged, qrels);
    }

    @FunctionalInterface
    private interface LineHandler {
        void accept(String line, int number);
    }

    private static void forEachLine(Path file, LineHandler handler) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist or is not a file");
        }
        int number = 0;
        for (String line : Utf8Lines.read(file, "BEIR")) {
            number++;
            if (!line.isBlank()) {
                handler.accept(line, number);
            }
        }
    }

    private static JsonNode json(Path file, int number, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(file + ":" + number + ": expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(file + ":" + number + ": not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static String id(Path file, int number, JsonNode node) {
        JsonNode id = node.get("_id");
        if (id == null || !(id.isTextual() || id.isNumber()) || id.asText().isEmpty()) {
            throw new InvalidInputException(file + ":" + number + ": no '_id'");
        }
        return id.asText();
    }

    private static String text(Path file, int number, JsonNode node) {
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new InvalidInputException(file + ":" + number + ": no 'text'");
        }
        return text.asText();
    }
}
