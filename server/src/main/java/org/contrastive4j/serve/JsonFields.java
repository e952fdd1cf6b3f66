package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Reading a request's JSON body and its fields, each mistake an {@link ApiError} that names the field. */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerConfig config;

    JsonFields(ServerConfig config) {
        this.config = config;
    }

    JsonNode body(String raw) {
        if (raw.length() > config.maxBodyBytes()) {
            throw new ApiError(413, "request body over " + config.maxBodyBytes() + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A string or an array of strings. */
    List<String> stringOrStrings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isTextual()) {
            return List.of(text(node.asText(), field, 0));
        }
        return strings(body, field);
    }

    List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isArray()) {
            throw new ApiError(400, "'" + field + "' must be an array of strings", field);
        }
        checkCount(node, field);
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            if (!t.isTextual()) {
                throw new ApiError(400, "'" + field + "'[" + i + "] is not a string", field);
            }
            out.add(text(t.asText(), field, i));
        }
        return out;
    }

    /** A non-empty array within the per-request count. */
    void checkCount(JsonNode array, String field) {
        if (array.isEmpty()) {
            throw new ApiError(400, "'" + field + "' is empty", field);
        }
        if (array.size() > config.maxTextsPerRequest()) {
            throw new ApiError(413, "'" + field + "' holds " + array.size() + " inputs; at most " + config.maxTextsPerRequest()
                    + " per request", field);
        }
    }

    String text(String text, String field, int i) {
        if (text.isBlank()) {
            throw new ApiError(400, "'" + field + "'[" + i + "] is blank", field);
        }
        if (text.length() > config.maxTextChars()) {
            throw new ApiError(413, "'" + field + "'[" + i + "] has " + text.length() + " characters; at most " + config.maxTextChars(),
                    field);
        }
        return text;
    }

    static String optionalString(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiError(400, "'" + field + "' must be a string", field);
        }
        return n.asText();
    }

    static boolean optionalBoolean(JsonNode body, String field, boolean otherwise) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw new ApiError(400, "'" + field + "' must be true or false", field);
        }
        return n.asBoolean();
    }

    /** An optional integer from {@code min} to {@code max}. */
    static Integer optionalInt(JsonNode body, String field, int min, int max, String why) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isInt() || n.asInt() < min || n.asInt() > max) {
            throw new ApiError(400, "'" + field + "' must be an integer from " + min + " to " + max + why + ", got " + n, field);
        }
        return n.asInt();
    }
}
