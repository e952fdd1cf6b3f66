package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.ZeroShotClassifier;
import org.contrastive4j.index.SearchHit;
import org.contrastive4j.index.VectorIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Embeddings over HTTP (Javalin): {@code POST /embed}, {@code POST /search}, {@code POST /classify},
 * {@code GET /health}; JSON in and out. Concurrent requests share batches through a
 * {@link DynamicBatcher}. Every bad request gets a 4xx with {@code {"error": "..."}}; stopping
 * lets in-flight requests finish.
 */
public final class EmbeddingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextModel model;
    private final VectorIndex index;
    private final ServerConfig config;
    private final DynamicBatcher batcher;
    private final Javalin app;

    /** @param index may be null (then /search answers 404) */
    public EmbeddingServer(TextModel model, VectorIndex index, ServerConfig config) {
        this.model = model;
        this.index = index;
        this.config = config;
        int batch = config.batching() ? config.maxBatch() : 1;
        this.batcher = new DynamicBatcher(texts -> model.embedAll(texts, 64, null), batch,
                config.batching() ? config.batchWindowMillis() : 0);
        this.app = Javalin.create(c -> {
            c.http.maxRequestSize = config.maxBodyBytes();
            c.showJavalinBanner = false;
            c.useVirtualThreads = false;
            c.jetty.modifyServer(server -> server.setStopTimeout(30_000));
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok", "dimension", model.dimension(), "index", index != null)));
        app.post("/embed", this::embed);
        app.post("/search", this::search);
        app.post("/classify", this::classify);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e));
    }

    /** Starts listening; returns the port (useful with port 0). */
    public int start() {
        app.start(config.host(), config.port());
        return app.port();
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? HttpStatus.forStatus(status).getMessage() : message));
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private JsonNode body(Context ctx) {
        String raw = ctx.body();
        if (raw.length() > config.maxBodyBytes()) {
            throw new BadRequest(413, "request body over " + config.maxBodyBytes() + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private List<String> texts(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isArray()) {
            throw new BadRequest(400, "'" + field + "' must be an array of strings");
        }
        if (node.isEmpty()) {
            throw new BadRequest(400, "'" + field + "' is empty");
        }
        if (node.size() > config.maxTextsPerRequest()) {
            throw new BadRequest(413, "'" + field + "' holds " + node.size() + " texts; at most " + config.maxTextsPerRequest());
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            if (!t.isTextual()) {
                throw new BadRequest(400, "'" + field + "'[" + i + "] is not a string");
            }
            if (t.asText().isBlank()) {
                throw new BadRequest(400, "'" + field + "'[" + i + "] is blank");
            }
            if (t.asText().length() > config.maxTextChars()) {
                throw new BadRequest(413, "'" + field + "'[" + i + "] has " + t.asText().length() + " characters; at most "
                        + config.maxTextChars());
            }
            out.add(t.asText());
        }
        return out;
    }

    private float[][] embed(List<String> texts) throws InterruptedException {
        try {
            return batcher.submit(texts).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void embed(Context ctx) throws InterruptedException {
        float[][] vectors = embed(texts(body(ctx), "texts"));
        ctx.json(Map.of("embeddings", vectors, "dimension", model.dimension()));
    }

    private void search(Context ctx) throws InterruptedException {
        if (index == null) {
            throw new BadRequest(404, "this server has no index; start it with --index DIR");
        }
        JsonNode body = body(ctx);
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            throw new BadRequest(400, "'query' must be a non-empty string");
        }
        JsonNode kNode = body.get("k");
        int k = kNode == null ? 10 : kNode.asInt(-1);
        if (kNode != null && (!kNode.isInt() || k < 1 || k > 1000)) {
            throw new BadRequest(400, "'k' must be an integer between 1 and 1000");
        }
        if (query.asText().length() > config.maxTextChars()) {
            throw new BadRequest(413, "'query' has " + query.asText().length() + " characters; at most " + config.maxTextChars());
        }
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit h : index.search(embed(List.of(query.asText()))[0], k)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("text", h.text());
            m.put("score", h.cosine());
            hits.add(m);
        }
        ctx.json(Map.of("hits", hits));
    }

    private void classify(Context ctx) throws InterruptedException {
        JsonNode body = body(ctx);
        List<String> texts = texts(body, "texts");
        List<String> labels = texts(body, "labels");
        if (labels.size() < 2) {
            throw new BadRequest(400, "'labels' needs at least two labels");
        }
        List<String> all = new ArrayList<>(labels);
        all.addAll(texts);
        float[][] v = embed(all);
        float[][] labelVectors = java.util.Arrays.copyOfRange(v, 0, labels.size());
        float[][] textVectors = java.util.Arrays.copyOfRange(v, labels.size(), v.length);
        List<Map<String, Object>> results = new ArrayList<>();
        for (ZeroShotClassifier.Prediction p : ZeroShotClassifier.classify(textVectors, labelVectors, labels)) {
            results.add(Map.of("label", p.label(), "scores", p.scores()));
        }
        ctx.json(Map.of("results", results));
    }

    /** Stops accepting connections, lets in-flight requests finish, then stops the batcher. */
    @Override
    public void close() throws InterruptedException {
        app.stop();
        batcher.close();
    }
}
