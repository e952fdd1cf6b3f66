package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Vectors;
import org.contrastive4j.encoder.InputTooLongException;
import org.contrastive4j.encoder.ModelZoo;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.TextTokenizer;
import org.contrastive4j.eval.ZeroShotClassifier;
import org.contrastive4j.index.SearchHit;
import org.contrastive4j.index.VectorIndex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Embeddings over HTTP (Javalin), in the APIs clients already speak: OpenAI's
 * {@code POST /v1/embeddings} and {@code GET /v1/models}; Text Embeddings Inference's
 * {@code POST /embed}, {@code POST /tokenize}, {@code GET /info}; and {@code POST /search},
 * {@code POST /classify}, {@code GET /health}, {@code GET /metrics} (Prometheus),
 * {@code GET /openapi.json}. Several models may be served, each under its name with its own
 * batchers; the first is the default. Texts are tokenised in the request's thread, images decoded
 * there; concurrent requests share batches through each model's {@link DynamicBatcher}. Every bad
 * request gets a 4xx with a JSON error (OpenAI's shape on {@code /v1}); an internal error says
 * only its request id, which every response carries in {@code X-Request-Id}; stopping lets
 * accepted requests finish.
 */
public final class EmbeddingServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddingServer.class.getName());
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String MODEL_ATTRIBUTE = "c4j.model";
    private static final String ADMITTED_ATTRIBUTE = "c4j.admitted";
    private static final java.util.Set<String> EMBEDDING_PATHS = java.util.Set.of(ServerRoutes.EMBEDDINGS, ServerRoutes.EMBED,
            ServerRoutes.SEARCH, ServerRoutes.CLASSIFY);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final ServedModel defaultModel;
    private final VectorIndex index;
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final JsonFields fields;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Javalin app;

    /** One text model, which the caller keeps; {@code index} may be null (then /search answers 404). */
    public EmbeddingServer(TextModel model, VectorIndex index, ServerConfig config) {
        this(metrics -> List.of(ServedModel.text(model.name(), model, config, metrics)), index, config);
    }

    /**
     * The models {@code load} gives (the first is the default; each is closed with the server),
     * with {@code index} (may be null) for /search, which uses the default model.
     */
    public EmbeddingServer(java.util.function.Function<ServerMetrics, List<ServedModel>> load, VectorIndex index, ServerConfig config) {
        this.metrics = new ServerMetrics();
        for (ServedModel m : load.apply(metrics)) {
            if (models.putIfAbsent(m.name(), m) != null) {
                throw new InvalidInputException("two models are served as '" + m.name() + "'; give each its own name (--model NAME=DIR)");
            }
        }
        if (models.isEmpty()) {
            throw new InvalidInputException("no model to serve");
        }
        this.defaultModel = models.values().iterator().next();
        this.index = index;
        this.config = config;
        this.fields = new JsonFields(config);
        this.app = Javalin.create(c -> {
            c.http.maxRequestSize = config.maxBodyBytes();
            c.showJavalinBanner = false;
            c.useVirtualThreads = false;
            c.jetty.modifyServer(server -> server.setStopTimeout(30_000));
            c.registerPlugin(OpenApiDocument.plugin(config));
            // Jetty's header cache matches values case-insensitively on a kept-alive connection, so a request could be
            // handed an earlier request's differently-cased Authorization value: keys must be compared as sent.
            c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            c.requestLogger.http((ctx, millis) -> metrics.request(route(ctx), ctx.statusCode(),
                    modelOf(ctx), (long) (millis * 1e6)));
        });
        app.before(ctx -> {
            String given = ctx.header("X-Request-Id");
            ctx.header("X-Request-Id", given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given
                    : Long.toString(requests.incrementAndGet()));
            if (!config.apiKeys().isEmpty() && !OPEN_PATHS.contains(ctx.path()) && !authorised(ctx.header("Authorization"))) {
                throw new ApiError(401, "a valid API key is required: send 'Authorization: Bearer KEY'");
            }
        });
        // admission comes first, before the body is parsed or tokenised: a turned-away request costs next to nothing
        app.before(ctx -> {
            if (EMBEDDING_PATHS.contains(ctx.path())) {
                if (waiting.incrementAndGet() > config.maxConcurrentRequests()) {
                    waiting.decrementAndGet();
                    throw new ApiError(429, "the server is busy: " + config.maxConcurrentRequests()
                            + " requests are in progress; retry shortly");
                }
                ctx.attribute(ADMITTED_ATTRIBUTE, Boolean.TRUE);
            }
        });
        app.after(ctx -> {
            if (ctx.attribute(ADMITTED_ATTRIBUTE) != null) {
                ctx.attribute(ADMITTED_ATTRIBUTE, null);
                waiting.decrementAndGet();
            }
        });
        ServerRoutes.register(app, this);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
        app.exception(ApiError.class, (e, ctx) -> {
            if (e.status == 429) {
                ctx.header("Retry-After", "1");
            }
            error(ctx, e.status, e.getMessage(), e.param);
        });
        app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 413, e.getMessage(), "input"));
        app.exception(Exception.class, (e, ctx) -> {
            String id = ctx.res().getHeader("X-Request-Id");
            LOG.warning("request " + id + " " + ctx.method() + " " + ctx.path() + " failed: " + e);
            error(ctx, 500, "internal error (request " + id + ")", null);
        });
    }

    private static final java.util.Set<String> OPEN_PATHS = java.util.Set.of(ServerRoutes.HEALTH, ServerRoutes.METRICS, ServerRoutes.OPENAPI);

    /** Starts listening; returns the port (useful with port 0). */
    public int start() {
        app.start(config.host(), config.port());
        return app.port();
    }

    /** The port listened on (after {@link #start()}). */
    public int port() {
        return app.port();
    }

    /** The routes registered, as "METHOD /path" (what the OpenAPI document must list). */
    List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream().filter(h -> h.getEndpoint().getMethod().isHttpMethod())
                .map(h -> h.getEndpoint().getMethod().name() + " " + h.getEndpoint().getPath()).toList();
    }

    /** The names served, the default first. */
    public List<String> modelNames() {
        return List.copyOf(models.keySet());
    }

    private static String modelOf(Context ctx) {
        String name = ctx.attribute(MODEL_ATTRIBUTE);
        return name == null ? "" : name;
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            return "unmatched";
        }
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

    /** Whether {@code header} carries one of the keys; compared in constant time, never logged. */
    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String key : config.apiKeys()) {
            ok |= MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    /**
     * The model a request names (404 when none is served under it), or the default; recorded for the metrics. A zoo
     * model is served under its Hub id and also answers to its zoo name ({@code e5-small-v2} for {@code intfloat/e5-small-v2}).
     */
    private ServedModel model(Context ctx, String name) {
        ServedModel m = name == null ? defaultModel : models.get(name);
        if (m == null && name != null) {
            m = ModelZoo.find(name).map(e -> models.get(e.hubId())).orElse(null);
        }
        if (m == null) {
            throw new ApiError(404, "The model '" + name + "' does not exist; this server serves " + models.keySet(), "model");
        }
        ctx.attribute(MODEL_ATTRIBUTE, m.name());
        return m;
    }

    private static TextTokenizer tokenizerOf(ServedModel m) {
        if (m.tokenizer() == null) {
            throw new ApiError(400, "the model '" + m.name() + "' embeds images, not text: give {\"image\": \"<base64>\"} inputs "
                    + "to /v1/embeddings", "input");
        }
        return m.tokenizer();
    }

    private int tokenLimit(ServedModel m) {
        int most = m.tokenizer().maxLength();
        return config.maxInputTokens() > 0 ? Math.min(most, config.maxInputTokens()) : most;
    }

    /** A request's inputs: texts as token ids and decoded images, each with its place in the request. */
    private record Inputs(List<long[]> tokens, int[] tokenPlaces, List<float[]> images, int[] imagePlaces) {
        int size() {
            return tokens.size() + images.size();
        }
    }

    /** Raw vectors of a request's inputs in their order, through the model's batchers: 503 past the request timeout (the request leaves its batch). */
    private float[][] embed(ServedModel m, Inputs inputs) throws InterruptedException {
        CompletableFuture<float[][]> text = inputs.tokens().isEmpty() ? null : m.submitTokens(inputs.tokens());
        CompletableFuture<float[][]> image = inputs.images().isEmpty() ? null : m.submitImages(inputs.images());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMillis());
        try {
            float[][] out = new float[inputs.size()][];
            place(await(text, deadline), inputs.tokenPlaces(), out);
            place(await(image, deadline), inputs.imagePlaces(), out);
            return out;
        } catch (TimeoutException e) {
            throw new ApiError(503, "the request did not finish within " + config.requestTimeoutMillis() + " ms");
        } finally {
            if (text != null) {
                text.cancel(false);
            }
            if (image != null) {
                image.cancel(false);
            }
        }
    }

    private static float[][] await(CompletableFuture<float[][]> f, long deadline) throws InterruptedException, TimeoutException {
        if (f == null) {
            return new float[0][];
        }
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void place(float[][] vectors, int[] places, float[][] out) {
        for (int i = 0; i < vectors.length; i++) {
            out[places[i]] = vectors[i];
        }
    }

    private static Inputs texts(long[][] tokens) {
        int[] places = new int[tokens.length];
        Arrays.setAll(places, i -> i);
        return new Inputs(List.of(tokens), places, List.of(), new int[0]);
    }

    /** Texts as the model's own embedAll gives them (cut at the model's length, normalised if the model normalises). */
    private float[][] embedTexts(ServedModel m, List<String> texts) throws InterruptedException {
        float[][] v = embed(m, texts(tokenizerOf(m).encodeAll(texts, tokenLimit(m), true)));
        return m.normalizes() ? ServedVectors.normalized(v) : v;
    }

    /** TEI's {@code {"inputs": str | [str], "normalize", "truncate", "prompt_name"}} (a 2-D array back), or c4j's {@code {"texts"}}. */
    void embed(Context ctx) throws InterruptedException {
        JsonNode body = fields.body(ctx.body());
        ServedModel m = model(ctx, JsonFields.optionalString(body, "model"));
        if (!body.has("inputs")) {
            float[][] vectors = embedTexts(m, fields.strings(body, "texts"));
            ctx.json(Map.of("embeddings", vectors, "dimension", m.dimension()));
            return;
        }
        List<String> inputs = fields.stringOrStrings(body, "inputs");
        String prompt = JsonFields.optionalString(body, "prompt_name");
        if (prompt != null && !m.prompts().byName().containsKey(prompt)) {
            throw new ApiError(400, "unknown prompt_name '" + prompt + "'; this model has " + m.prompts().byName().keySet(), "prompt_name");
        }
        List<String> prompted = m.prompts().apply(prompt, inputs);
        boolean truncate = JsonFields.optionalBoolean(body, "truncate", false);
        float[][] v = embed(m, texts(tokenizerOf(m).encodeAll(prompted, tokenLimit(m), truncate)));
        ctx.json(JsonFields.optionalBoolean(body, "normalize", true) ? ServedVectors.normalized(v) : v);
    }

    /**
     * OpenAI's embeddings API: {@code input} a string, strings, token ids, lists of token ids, or
     * (c4j) {@code {"image": base64}} / {@code {"text": str}} items; {@code model};
     * {@code encoding_format} float or base64 (little-endian float32); {@code dimensions}
     * (Matryoshka truncation, then normalisation). Vectors are unit length.
     */
    void openAiEmbeddings(Context ctx) throws InterruptedException {
        JsonNode body = fields.body(ctx.body());
        ServedModel m = model(ctx, JsonFields.optionalString(body, "model"));
        String format = JsonFields.optionalString(body, "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw new ApiError(400, "encoding_format must be 'float' or 'base64', got '" + format + "'", "encoding_format");
        }
        Integer dimensions = JsonFields.optionalInt(body, "dimensions", 1, m.dimension(), " (this model's dimension)");
        Inputs inputs = openAiInputs(m, body.get("input"), JsonFields.optionalBoolean(body, "truncate", false));
        float[][] v = embed(m, inputs);
        v = dimensions != null ? Vectors.truncated(v, dimensions) : ServedVectors.normalized(v);
        List<Map<String, Object>> data = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            item.put("embedding", "base64".equals(format) ? ServedVectors.base64(v[i]) : v[i]);
            data.add(item);
        }
        long promptTokens = inputs.tokens().stream().mapToLong(t -> t.length).sum();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("object", "list");
        response.put("data", data);
        response.put("model", m.name());
        response.put("usage", Map.of("prompt_tokens", promptTokens, "total_tokens", promptTokens));
        ctx.json(response);
    }

    private Inputs openAiInputs(ServedModel m, JsonNode input, boolean truncate) {
        if (input == null || input.isNull()) {
            throw new ApiError(400, "'input' is required: a string, an array of strings, token ids, or {\"image\": base64} items", "input");
        }
        if (input.isTextual()) {
            return texts(tokenizerOf(m).encodeAll(List.of(fields.text(input.asText(), "input", 0)), tokenLimit(m), truncate));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new ApiError(400, "'input' must be a non-empty string or array", "input");
        }
        fields.checkCount(input, "input");
        if (input.get(0).isIntegralNumber()) {
            return texts(new long[][] {tokenIds(m, input, "input")});
        }
        List<String> texts = new ArrayList<>();
        List<Integer> textPlaces = new ArrayList<>();
        List<long[]> ids = new ArrayList<>();
        List<Integer> idPlaces = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> imagePlaces = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String where = "input[" + i + "]";
            if (item.isTextual()) {
                texts.add(fields.text(item.asText(), "input", i));
                textPlaces.add(i);
            } else if (item.isArray()) {
                ids.add(tokenIds(m, item, where));
                idPlaces.add(i);
            } else if (item.isObject() && item.has("image")) {
                images.add(image(m, item.get("image"), where));
                imagePlaces.add(i);
            } else if (item.isObject() && item.get("text") != null && item.get("text").isTextual()) {
                texts.add(fields.text(item.get("text").asText(), "input", i));
                textPlaces.add(i);
            } else {
                throw new ApiError(400, "'" + where + "' must be a string, an array of token ids, {\"text\": str} or "
                        + "{\"image\": base64}", "input");
            }
        }
        List<long[]> tokens = new ArrayList<>(ids);
        List<Integer> places = new ArrayList<>(idPlaces);
        if (!texts.isEmpty()) {
            long[][] encoded;
            try {
                encoded = tokenizerOf(m).encodeAll(texts, tokenLimit(m), truncate);
            } catch (InputTooLongException e) {
                // the tokenizer counts among the texts alone; name the item of the request
                throw new ApiError(413, e.getMessage().replaceFirst("^input \\d+", "input[" + textPlaces.get(e.index()) + "]"), "input");
            }
            tokens.addAll(List.of(encoded));
            places.addAll(textPlaces);
        }
        return new Inputs(tokens, places.stream().mapToInt(Integer::intValue).toArray(), images,
                imagePlaces.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A base64 PNG/JPEG (or a {@code data:image/...;base64,} URL) decoded as the model reads images. */
    private float[] image(ServedModel m, JsonNode value, String where) {
        if (m.imageShape() == null) {
            throw new ApiError(400, "the model '" + m.name() + "' embeds text, not images", "input");
        }
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ApiError(400, "'" + where + ".image' must be a base64 string", "input");
        }
        String s = value.asText();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw new ApiError(400, "'" + where + ".image' is a data URL without ';base64,'", "input");
            }
            s = s.substring(comma + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(WHITESPACE.matcher(s).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "'" + where + ".image' is not base64: " + e.getMessage(), "input");
        }
        try {
            return m.decodeImage(bytes, "'" + where + ".image'");
        } catch (InvalidInputException e) {
            throw new ApiError(400, e.getMessage(), "input");
        }
    }

    /** Token ids as this model's tokenizer gives them (with its special tokens). */
    private long[] tokenIds(ServedModel m, JsonNode ids, String where) {
        int limit = tokenLimit(m);
        if (!ids.isArray() || ids.isEmpty()) {
            throw new ApiError(400, "'" + where + "' must be a non-empty array of token ids", "input");
        }
        if (ids.size() > limit) {
            throw new ApiError(413, "'" + where + "' has " + ids.size() + " tokens; at most " + limit + " are taken", "input");
        }
        long[] out = new long[ids.size()];
        int vocab = m.vocabularySize();
        for (int i = 0; i < out.length; i++) {
            JsonNode t = ids.get(i);
            if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() >= vocab) {
                throw new ApiError(400, "'" + where + "'[" + i + "] is not a token id of this model (0 to " + (vocab - 1) + ")", "input");
            }
            out[i] = t.asLong();
        }
        return out;
    }

    /** TEI's tokenize: {@code {"inputs": str | [str]}} to, per input, its tokens with ids, texts, special flags and spans. */
    void tokenize(Context ctx) {
        JsonNode body = fields.body(ctx.body());
        ServedModel m = model(ctx, JsonFields.optionalString(body, "model"));
        TextTokenizer tokenizer = tokenizerOf(m);
        List<List<TextTokenizer.Token>> out = new ArrayList<>();
        for (String t : fields.stringOrStrings(body, "inputs")) {
            out.add(tokenizer.tokens(t));
        }
        ctx.json(out);
    }

    /** TEI's info: what is served and its limits ({@code ?model=NAME} for another than the default). */
    void info(Context ctx) {
        ServedModel m = model(ctx, ctx.queryParam("model"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", m.name());
        info.put("model_dtype", "float32");
        TextModel text = m.textModel();
        info.put("model_type", Map.of("embedding", Map.of("pooling", text != null ? text.encoder().config().pooling().cliName() : m.modality())));
        info.put("modality", m.modality());
        info.put("dimension", m.dimension());
        info.put("max_input_length", m.tokenizer() != null ? tokenLimit(m) : 0);
        if (m.imageShape() != null) {
            info.put("image_shape", m.imageShape());
        }
        info.put("max_client_batch_size", config.maxTextsPerRequest());
        info.put("max_batch_tokens", config.maxBatchTokens());
        info.put("max_batch_requests", config.maxBatch());
        info.put("max_concurrent_requests", config.maxConcurrentRequests());
        info.put("prompts", m.prompts().byName());
        info.put("default_prompt_name", m.prompts().defaultName());
        info.put("models", models.keySet());
        info.put("version", "contrastive4j 0.1.0");
        ctx.json(info);
    }

    void listModels(Context ctx) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (ServedModel m : models.values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", m.name());
            item.put("object", "model");
            item.put("created", 0);
            item.put("owned_by", "contrastive4j");
            item.put("modality", m.modality());
            item.put("dimension", m.dimension());
            data.add(item);
        }
        ctx.json(Map.of("object", "list", "data", data));
    }

    void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("dimension", defaultModel.dimension());
        m.put("models", models.keySet());
        m.put("index", index != null);
        ctx.json(m);
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    void search(Context ctx) throws InterruptedException {
        if (index == null) {
            throw new ApiError(404, "this server has no index; start it with --index DIR");
        }
        JsonNode body = fields.body(ctx.body());
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            throw new ApiError(400, "'query' must be a non-empty string", "query");
        }
        Integer k = JsonFields.optionalInt(body, "k", 1, 1000, "");
        fields.text(query.asText(), "query", 0);
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit h : index.search(embedTexts(model(ctx, null), List.of(query.asText()))[0], k == null ? 10 : k)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("text", h.text());
            m.put("score", h.cosine());
            hits.add(m);
        }
        ctx.json(Map.of("hits", hits));
    }

    void classify(Context ctx) throws InterruptedException {
        JsonNode body = fields.body(ctx.body());
        ServedModel m = model(ctx, JsonFields.optionalString(body, "model"));
        List<String> texts = fields.strings(body, "texts");
        List<String> labels = fields.strings(body, "labels");
        if (labels.size() < 2) {
            throw new ApiError(400, "'labels' needs at least two labels", "labels");
        }
        List<String> all = new ArrayList<>(labels);
        all.addAll(texts);
        float[][] v = embedTexts(m, all);
        float[][] labelVectors = Arrays.copyOfRange(v, 0, labels.size());
        float[][] textVectors = Arrays.copyOfRange(v, labels.size(), v.length);
        List<Map<String, Object>> results = new ArrayList<>();
        for (ZeroShotClassifier.Prediction p : ZeroShotClassifier.classify(textVectors, labelVectors, labels)) {
            results.add(Map.of("label", p.label(), "scores", p.scores()));
        }
        ctx.json(Map.of("results", results));
    }

    /** Stops accepting connections, lets accepted requests finish, then stops the batchers and frees the models. */
    @Override
    public void close() throws InterruptedException {
        app.stop();
        for (ServedModel m : models.values()) {
            m.close();
        }
    }
}
