package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.TextTokenizer;
import org.contrastive4j.eval.ZeroShotClassifier;
import org.contrastive4j.index.SearchHit;
import org.contrastive4j.index.VectorIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Embeddings over HTTP (Javalin), in the APIs clients already speak: OpenAI's
 * {@code POST /v1/embeddings} and {@code GET /v1/models}; Text Embeddings Inference's
 * {@code POST /embed} ({@code {"inputs", "normalize", "truncate", "prompt_name"}}, also c4j's
 * {@code {"texts"}}), {@code POST /tokenize}, {@code GET /info}; and {@code POST /search},
 * {@code POST /classify}, {@code GET /health}. Texts are tokenised in the request's thread;
 * concurrent requests share batches of token ids through a {@link DynamicBatcher}. Every bad
 * request gets a 4xx with a JSON error (OpenAI's shape on {@code /v1}); an internal error says
 * only its request id, which every response carries in {@code X-Request-Id}; stopping lets
 * in-flight requests finish.
 */
public final class EmbeddingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextModel model;
    private final VectorIndex index;
    private final ServerConfig config;
    private final DynamicBatcher<long[]> batcher;
    private final String modelId;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final Javalin app;

    /** @param index may be null (then /search answers 404) */
    public EmbeddingServer(TextModel model, VectorIndex index, ServerConfig config) {
        this.model = model;
        this.index = index;
        this.config = config;
        int batch = config.batching() ? config.maxBatch() : 1;
        this.modelId = model.name();
        // raw vectors (no L2 normalisation): each route normalises as its API says
        this.batcher = new DynamicBatcher<>(tokens -> model.embedAllTokens(tokens.toArray(long[][]::new), 64, false), batch,
                config.batching() ? config.batchWindowMillis() : 0);
        this.app = Javalin.create(c -> {
            c.http.maxRequestSize = config.maxBodyBytes();
            c.showJavalinBanner = false;
            c.useVirtualThreads = false;
            c.jetty.modifyServer(server -> server.setStopTimeout(30_000));
            // Jetty's header cache matches values case-insensitively on a kept-alive connection, so a request could be
            // handed an earlier request's differently-cased Authorization value: keys must be compared as sent.
            c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        });
        app.before(ctx -> {
            ctx.header("X-Request-Id", Long.toString(requests.incrementAndGet()));
            if (!config.apiKeys().isEmpty() && !ctx.path().equals("/health") && !authorised(ctx.header("Authorization"))) {
                throw new BadRequest(401, "a valid API key is required: send 'Authorization: Bearer KEY'");
            }
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok", "dimension", model.dimension(), "index", index != null)));
        app.post("/v1/embeddings", this::openAiEmbeddings);
        app.get("/v1/models", ctx -> ctx.json(Map.of("object", "list", "data", List.of(Map.of("id", modelId, "object", "model",
                "created", 0, "owned_by", "contrastive4j")))));
        app.post("/tokenize", this::tokenize);
        app.get("/info", this::info);
        app.post("/embed", this::embed);
        app.post("/search", this::search);
        app.post("/classify", this::classify);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
        app.exception(BadRequest.class, (e, ctx) -> {
            if (e.status == 429) {
                ctx.header("Retry-After", "1");
            }
            error(ctx, e.status, e.getMessage(), e.param);
        });
        app.exception(org.contrastive4j.InvalidInputException.class, (e, ctx) -> error(ctx, 413, e.getMessage(), "input"));
        app.exception(Exception.class, (e, ctx) -> {
            String id = ctx.res().getHeader("X-Request-Id");
            LOG.warning("request " + id + " " + ctx.method() + " " + ctx.path() + " failed: " + e);
            error(ctx, 500, "internal error (request " + id + ")", null);
        });
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EmbeddingServer.class.getName());

    /** Starts listening; returns the port (useful with port 0). */
    public int start() {
        app.start(config.host(), config.port());
        return app.port();
    }

    /** An error body: OpenAI's {@code {"error": {"message", "type", "param", "code"}}} on /v1, else {@code {"error": "..."}}. */
    private static void error(Context ctx, int status, String message, String param) {
        String text = message == null ? HttpStatus.forStatus(status).getMessage() : message;
        if (ctx.path().startsWith("/v1/")) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("message", text);
            e.put("type", status >= 500 ? "server_error" : "invalid_request_error");
            e.put("param", param);
            e.put("code", status == 404 && "model".equals(param) ? "model_not_found" : null);
            ctx.status(status).json(Map.of("error", e));
        } else {
            ctx.status(status).json(Map.of("error", text));
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String param;

        BadRequest(int status, String message) {
            this(status, message, null);
        }

        BadRequest(int status, String message, String param) {
            super(message);
            this.status = status;
            this.param = param;
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
        return textArray(body.get(field), field);
    }

    /** A lone string given where a list is also allowed, checked as the list's item 0 would be. */
    private List<String> oneText(String text, String field) {
        return List.of(checkedText(text, field, 0));
    }

    private List<String> textArray(JsonNode node, String field) {
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
            out.add(checkedText(t.asText(), field, i));
        }
        return out;
    }

    private String checkedText(String text, String field, int i) {
        if (text.isBlank()) {
            throw new BadRequest(400, "'" + field + "'[" + i + "] is blank");
        }
        if (text.length() > config.maxTextChars()) {
            throw new BadRequest(413, "'" + field + "'[" + i + "] has " + text.length() + " characters; at most " + config.maxTextChars());
        }
        return text;
    }

    /** Whether {@code header} carries one of the keys; compared in constant time, never logged. */
    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean ok = false;
        for (String key : config.apiKeys()) {
            ok |= java.security.MessageDigest.isEqual(given, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return ok;
    }

    /**
     * Raw vectors of token ids, through the batcher: 429 when {@code maxConcurrentRequests} are
     * already waiting (memory stays bounded), 503 past the request timeout (the request leaves its batch).
     */
    private float[][] embedTokens(List<long[]> tokens) throws InterruptedException {
        if (waiting.incrementAndGet() > config.maxConcurrentRequests()) {
            waiting.decrementAndGet();
            throw new BadRequest(429, "the server is busy: " + config.maxConcurrentRequests() + " requests are waiting; retry shortly");
        }
        java.util.concurrent.CompletableFuture<float[][]> result = batcher.submit(tokens);
        try {
            return result.get(config.requestTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            result.cancel(false);
            throw new BadRequest(503, "the request did not finish within " + config.requestTimeoutMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Texts as the model's own embedAll gives them (cut at the model's length, normalised if the model normalises). */
    private float[][] embed(List<String> texts) throws InterruptedException {
        float[][] v = embedTokens(List.of(model.tokenizer().encodeAll(texts)));
        return model.encoder().config().normalize() ? ServedVectors.normalized(v) : v;
    }

    /** TEI's {@code {"inputs": str | [str], "normalize", "truncate", "prompt_name"}} (a 2-D array back), or c4j's {@code {"texts"}}. */
    private void embed(Context ctx) throws InterruptedException {
        JsonNode body = body(ctx);
        if (!body.has("inputs")) {
            float[][] vectors = embed(texts(body, "texts"));
            ctx.json(Map.of("embeddings", vectors, "dimension", model.dimension()));
            return;
        }
        List<String> inputs = stringOrStrings(body, "inputs");
        String prompt = optionalString(body, "prompt_name");
        if (prompt != null && !model.prompts().byName().containsKey(prompt)) {
            throw new BadRequest(400, "unknown prompt_name '" + prompt + "'; this model has " + model.prompts().byName().keySet());
        }
        String prefix = model.prompts().resolve(prompt);
        List<String> prompted = prefix.isEmpty() ? inputs : inputs.stream().map(t -> prefix + t).toList();
        float[][] v = embedTokens(List.of(model.tokenizer().encodeAll(prompted, optionalBoolean(body, "truncate", false))));
        ctx.json(optionalBoolean(body, "normalize", true) ? ServedVectors.normalized(v) : v);
    }

    /**
     * OpenAI's embeddings API: {@code input} a string, strings, token ids or lists of token ids;
     * {@code model}; {@code encoding_format} float or base64 (little-endian float32);
     * {@code dimensions} (Matryoshka truncation, then normalisation). Vectors are unit length.
     */
    private void openAiEmbeddings(Context ctx) throws InterruptedException {
        JsonNode body = body(ctx);
        String requested = optionalString(body, "model");
        if (requested != null && !requested.equals(modelId)) {
            throw new BadRequest(404, "The model '" + requested + "' does not exist; this server serves '" + modelId + "'", "model");
        }
        String format = optionalString(body, "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw new BadRequest(400, "encoding_format must be 'float' or 'base64', got '" + format + "'", "encoding_format");
        }
        Integer dimensions = null;
        if (body.has("dimensions") && !body.get("dimensions").isNull()) {
            JsonNode d = body.get("dimensions");
            if (!d.isInt() || d.asInt() < 1 || d.asInt() > model.dimension()) {
                throw new BadRequest(400, "dimensions must be an integer from 1 to " + model.dimension() + " (this model's), got " + d,
                        "dimensions");
            }
            dimensions = d.asInt();
        }
        List<long[]> tokens = openAiInput(body.get("input"));
        float[][] v = embedTokens(tokens);
        if (dimensions != null) {
            v = ServedVectors.truncated(v, dimensions);
        }
        v = ServedVectors.normalized(v);
        List<Map<String, Object>> data = new ArrayList<>(v.length);
        long promptTokens = 0;
        for (int i = 0; i < v.length; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            item.put("embedding", "base64".equals(format) ? ServedVectors.base64(v[i]) : v[i]);
            data.add(item);
            promptTokens += tokens.get(i).length;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("object", "list");
        response.put("data", data);
        response.put("model", modelId);
        response.put("usage", Map.of("prompt_tokens", promptTokens, "total_tokens", promptTokens));
        ctx.json(response);
    }

    private List<long[]> openAiInput(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new BadRequest(400, "'input' is required: a string, an array of strings, or token ids", "input");
        }
        if (input.isTextual()) {
            return List.of(model.tokenizer().encodeAll(oneText(input.asText(), "input"), false));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new BadRequest(400, "'input' must be a non-empty string or array", "input");
        }
        if (input.size() > config.maxTextsPerRequest()) {
            throw new BadRequest(413, "'input' holds " + input.size() + " items; at most " + config.maxTextsPerRequest(), "input");
        }
        if (input.get(0).isTextual()) {
            return List.of(model.tokenizer().encodeAll(textArray(input, "input"), false));
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(tokenIds(input, "input"));
        }
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            out.add(tokenIds(input.get(i), "input[" + i + "]"));
        }
        return out;
    }

    /** Token ids as this model's tokenizer gives them (with its special tokens). */
    private long[] tokenIds(JsonNode ids, String where) {
        if (!ids.isArray() || ids.isEmpty()) {
            throw new BadRequest(400, "'" + where + "' must be a non-empty array of token ids", "input");
        }
        if (ids.size() > model.tokenizer().maxLength()) {
            throw new BadRequest(413, "'" + where + "' has " + ids.size() + " tokens; the model takes at most "
                    + model.tokenizer().maxLength(), "input");
        }
        long[] out = new long[ids.size()];
        int vocab = model.encoder().config().vocabSize();
        for (int i = 0; i < out.length; i++) {
            JsonNode t = ids.get(i);
            if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() >= vocab) {
                throw new BadRequest(400, "'" + where + "'[" + i + "] is not a token id of this model (0 to " + (vocab - 1) + ")", "input");
            }
            out[i] = t.asLong();
        }
        return out;
    }

    /** TEI's tokenize: {@code {"inputs": str | [str]}} to, per input, its tokens with ids, texts, special flags and spans. */
    private void tokenize(Context ctx) {
        List<String> inputs = stringOrStrings(body(ctx), "inputs");
        List<List<TextTokenizer.Token>> out = new ArrayList<>();
        for (String t : inputs) {
            out.add(model.tokenizer().tokens(t));
        }
        ctx.json(out);
    }

    /** TEI's info: what is served and its limits. */
    private void info(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_id", modelId);
        m.put("model_dtype", "float32");
        m.put("model_type", Map.of("embedding", Map.of("pooling", model.encoder().config().pooling().cliName())));
        m.put("dimension", model.dimension());
        m.put("max_input_length", model.tokenizer().maxLength());
        m.put("max_client_batch_size", config.maxTextsPerRequest());
        m.put("max_batch_size", config.maxBatch());
        m.put("prompts", model.prompts().byName());
        m.put("default_prompt_name", model.prompts().defaultName());
        m.put("version", "contrastive4j 0.1.0");
        ctx.json(m);
    }

    private List<String> stringOrStrings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isTextual()) {
            return oneText(node.asText(), field);
        }
        return texts(body, field);
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new BadRequest(400, "'" + field + "' must be a string", field);
        }
        return n.asText();
    }

    private static boolean optionalBoolean(JsonNode body, String field, boolean otherwise) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw new BadRequest(400, "'" + field + "' must be true or false", field);
        }
        return n.asBoolean();
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
