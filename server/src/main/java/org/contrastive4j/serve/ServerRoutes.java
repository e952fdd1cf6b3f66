package org.contrastive4j.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/**
 * The server's routes, each registered here with its OpenAPI description beside it: the
 * annotation processor turns these into the document served at {@code /openapi.json}, so the
 * document lists exactly the routes there are (a test checks both ways).
 */
final class ServerRoutes {
    static final String EMBEDDINGS = "/v1/embeddings";
    static final String MODELS = "/v1/models";
    static final String EMBED = "/embed";
    static final String TOKENIZE = "/tokenize";
    static final String INFO = "/info";
    static final String SEARCH = "/search";
    static final String CLASSIFY = "/classify";
    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";
    static final String OPENAPI = "/openapi.json";

    private final EmbeddingServer server;

    private ServerRoutes(EmbeddingServer server) {
        this.server = server;
    }

    static void register(Javalin app, EmbeddingServer server) {
        ServerRoutes r = new ServerRoutes(server);
        app.post(EMBEDDINGS, r::embeddings);
        app.get(MODELS, r::models);
        app.post(EMBED, r::embed);
        app.post(TOKENIZE, r::tokenize);
        app.get(INFO, r::info);
        app.post(SEARCH, r::search);
        app.post(CLASSIFY, r::classify);
        app.get(HEALTH, r::health);
        app.get(METRICS, r::metrics);
    }

    @OpenApi(path = EMBEDDINGS, methods = HttpMethod.POST, tags = "OpenAI", summary = "Embed texts, token ids or images (OpenAI's API)",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ApiSchemas.OpenAiEmbeddingRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.OpenAiEmbeddingResponse.class)),
                @OpenApiResponse(status = "400", description = "a malformed request", content = @OpenApiContent(from = ApiSchemas.OpenAiError.class)),
                @OpenApiResponse(status = "401", description = "no valid API key", content = @OpenApiContent(from = ApiSchemas.OpenAiError.class)),
                @OpenApiResponse(status = "404", description = "an unknown model", content = @OpenApiContent(from = ApiSchemas.OpenAiError.class)),
                @OpenApiResponse(status = "413", description = "too large: body, inputs, or an input's tokens",
                        content = @OpenApiContent(from = ApiSchemas.OpenAiError.class)),
                @OpenApiResponse(status = "429", description = "busy; see Retry-After", content = @OpenApiContent(from = ApiSchemas.OpenAiError.class)),
                @OpenApiResponse(status = "503", description = "not answered within the request timeout",
                        content = @OpenApiContent(from = ApiSchemas.OpenAiError.class))})
    void embeddings(Context ctx) throws InterruptedException {
        server.openAiEmbeddings(ctx);
    }

    @OpenApi(path = MODELS, methods = HttpMethod.GET, tags = "OpenAI", summary = "The served models (OpenAI's API)",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.OpenAiModelList.class)))
    void models(Context ctx) {
        server.listModels(ctx);
    }

    @OpenApi(path = EMBED, methods = HttpMethod.POST, tags = "Text Embeddings Inference",
            summary = "Embed texts (TEI's API: a 2-D array back; or c4j's {\"texts\"} form: {\"embeddings\", \"dimension\"})",
            requestBody = @OpenApiRequestBody(required = true, content = {
                @OpenApiContent(from = ApiSchemas.TeiEmbedRequest.class), @OpenApiContent(from = ApiSchemas.TextsRequest.class)}),
            responses = {
                @OpenApiResponse(status = "200", content = {@OpenApiContent(from = float[][].class),
                    @OpenApiContent(from = ApiSchemas.TextsResponse.class)}),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiSchemas.Error.class)),
                @OpenApiResponse(status = "413", content = @OpenApiContent(from = ApiSchemas.Error.class)),
                @OpenApiResponse(status = "429", content = @OpenApiContent(from = ApiSchemas.Error.class))})
    void embed(Context ctx) throws InterruptedException {
        server.embed(ctx);
    }

    @OpenApi(path = TOKENIZE, methods = HttpMethod.POST, tags = "Text Embeddings Inference", summary = "Tokens of each input (TEI's API)",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ApiSchemas.TokenizeRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.Token[][].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiSchemas.Error.class))})
    void tokenize(Context ctx) {
        server.tokenize(ctx);
    }

    @OpenApi(path = INFO, methods = HttpMethod.GET, tags = "Text Embeddings Inference", summary = "What is served and its limits (TEI's API)",
            queryParams = @OpenApiParam(name = "model", description = "A served model's id; the default model when absent"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.Info.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiSchemas.Error.class))})
    void info(Context ctx) {
        server.info(ctx);
    }

    @OpenApi(path = SEARCH, methods = HttpMethod.POST, tags = "contrastive4j", summary = "Nearest texts of the index (--index) to a query",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ApiSchemas.SearchRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.SearchResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiSchemas.Error.class)),
                @OpenApiResponse(status = "404", description = "no index is served", content = @OpenApiContent(from = ApiSchemas.Error.class))})
    void search(Context ctx) throws InterruptedException {
        server.search(ctx);
    }

    @OpenApi(path = CLASSIFY, methods = HttpMethod.POST, tags = "contrastive4j", summary = "Zero-shot classification of texts among labels",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ApiSchemas.ClassifyRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.ClassifyResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiSchemas.Error.class))})
    void classify(Context ctx) throws InterruptedException {
        server.classify(ctx);
    }

    @OpenApi(path = HEALTH, methods = HttpMethod.GET, tags = "operation", summary = "Liveness (open without an API key)",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ApiSchemas.Health.class)))
    void health(Context ctx) {
        server.health(ctx);
    }

    @OpenApi(path = METRICS, methods = HttpMethod.GET, tags = "operation", summary = "Prometheus metrics (open without an API key)",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/plain", type = "string")))
    void metrics(Context ctx) {
        server.metrics(ctx);
    }
}
