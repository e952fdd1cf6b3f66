package org.contrastive4j.serve;

import io.javalin.openapi.OneOf;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiName;
import io.javalin.openapi.OpenApiNullable;
import io.javalin.openapi.OpenApiRequired;

import java.util.List;
import java.util.Map;

/**
 * The request and response bodies as the OpenAPI document describes them (the annotation
 * processor reads these records; the routes parse JSON themselves, to name each mistake).
 * A field marked required is one a route refuses to go without.
 */
final class ApiSchemas {
    private ApiSchemas() {}

    @OpenApiDescription("An image to embed: base64 PNG, JPEG, BMP or GIF bytes, or a data:image/...;base64, URL")
    record ImageInput(@OpenApiRequired String image) {}

    @OpenApiDescription("A text to embed, as an item beside images")
    record TextInput(@OpenApiRequired String text) {}

    record OpenAiEmbeddingRequest(
            @OpenApiRequired
            @OpenApiDescription("A text, texts, token ids, lists of token ids, or {\"image\"} / {\"text\"} items")
            @OneOf({String.class, String[].class, Long[].class, Long[][].class, ImageInput[].class, TextInput[].class})
            Object input,
            @OpenApiNullable @OpenApiDescription("A served model's id (GET /v1/models); the default model when absent") String model,
            @OpenApiNullable @OpenApiName("encoding_format") @OpenApiDescription("float (default) or base64: little-endian float32")
            String encodingFormat,
            @OpenApiNullable @OpenApiDescription("Keep this many leading dimensions, then renormalise") Integer dimensions,
            @OpenApiNullable @OpenApiDescription("Cut texts longer than the model takes instead of refusing them") Boolean truncate) {}

    record OpenAiEmbedding(String object, int index,
                           @OneOf({float[].class, String.class}) @OpenApiDescription("floats, or base64 little-endian float32") Object embedding) {}

    record Usage(@OpenApiName("prompt_tokens") long promptTokens, @OpenApiName("total_tokens") long totalTokens) {}

    record OpenAiEmbeddingResponse(String object, List<OpenAiEmbedding> data, String model, Usage usage) {}

    record OpenAiModel(String id, String object, long created, @OpenApiName("owned_by") String ownedBy, String modality, int dimension) {}

    record OpenAiModelList(String object, List<OpenAiModel> data) {}

    record OpenAiErrorDetail(String message, String type, @OpenApiNullable String param, @OpenApiNullable String code) {}

    record OpenAiError(OpenAiErrorDetail error) {}

    record TeiEmbedRequest(
            @OpenApiRequired @OneOf({String.class, String[].class}) Object inputs,
            @OpenApiNullable @OpenApiDescription("Unit-length vectors (default true)") Boolean normalize,
            @OpenApiNullable @OpenApiDescription("Cut texts longer than the model takes (default false: refuse them)") Boolean truncate,
            @OpenApiNullable @OpenApiName("prompt_name") @OpenApiDescription("One of the model's prompts, put before each input")
            String promptName,
            @OpenApiNullable @OpenApiDescription("A served model's id; the default model when absent") String model) {}

    record TextsRequest(@OpenApiRequired String[] texts, @OpenApiNullable String model) {}

    record TextsResponse(float[][] embeddings, int dimension) {}

    record TokenizeRequest(@OpenApiRequired @OneOf({String.class, String[].class}) Object inputs, @OpenApiNullable String model) {}

    record Token(long id, String text, boolean special, int start, int stop) {}

    record SearchRequest(@OpenApiRequired String query, @OpenApiNullable @OpenApiDescription("Hits wanted, 1 to 1000 (default 10)") Integer k) {}

    record Hit(String id, String text, float score) {}

    record SearchResponse(List<Hit> hits) {}

    record ClassifyRequest(@OpenApiRequired String[] texts, @OpenApiRequired @OpenApiDescription("At least two labels") String[] labels,
                           @OpenApiNullable String model) {}

    record Classification(String label, float[] scores) {}

    record ClassifyResponse(List<Classification> results) {}

    record Error(String error) {}

    record Health(String status, int dimension, List<String> models, boolean index) {}

    record Info(@OpenApiName("model_id") String modelId, String modality, int dimension,
                @OpenApiName("max_input_length") int maxInputLength,
                @OpenApiName("max_client_batch_size") int maxClientBatchSize,
                @OpenApiName("max_batch_tokens") long maxBatchTokens,
                Map<String, String> prompts, List<String> models) {}
}
