package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.openapi.plugin.OpenApiPlugin;

import java.util.List;

/**
 * The OpenAPI document at {@code /openapi.json}: what Javalin's OpenAPI plugin generates from
 * the routes' {@code @OpenApi} annotations, completed where the annotations cannot say it. The
 * processor writes an array inside {@code @OneOf} as its element type, a 2-D array as 1-D,
 * keeps one of two bodies with the same media type, boxed types as object schemas, and closes
 * every object to unknown fields (OpenAI's clients send some, such as {@code user}, which the
 * routes ignore); those few places are set here.
 */
final class OpenApiDocument {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> REQUESTS = List.of("OpenAiEmbeddingRequest", "TeiEmbedRequest", "TextsRequest",
            "TokenizeRequest", "SearchRequest", "ClassifyRequest", "ImageInput", "TextInput");

    private OpenApiDocument() {}

    static OpenApiPlugin plugin(ServerConfig config) {
        return new OpenApiPlugin(c -> c.withDocumentationPath(ServerRoutes.OPENAPI).withDefinitionConfiguration((version, d) -> d
                .withInfo(info -> {
                    info.setTitle("contrastive4j embedding server");
                    info.setVersion("0.1.0");
                    info.setDescription("OpenAI- and Text Embeddings Inference-compatible embeddings, search and zero-shot classification.");
                })
                .withDefinitionProcessor(doc -> complete(doc, !config.apiKeys().isEmpty()))));
    }

    static String complete(ObjectNode doc, boolean keys) {
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        schemas.remove(List.of("String", "Long", "Float"));
        ObjectNode item = oneOf(string(), ref("ImageInput"), ref("TextInput"));
        property(schemas, "OpenAiEmbeddingRequest", "input", oneOf(string(), array(string()), array(integer()), array(array(integer())),
                array(item)));
        property(schemas, "TeiEmbedRequest", "inputs", oneOf(string(), array(string())));
        property(schemas, "TokenizeRequest", "inputs", oneOf(string(), array(string())));
        property(schemas, "OpenAiEmbedding", "embedding", oneOf(array(number()), string().put("format", "byte")));
        property(schemas, "TextsResponse", "embeddings", array(array(number())));
        for (String name : REQUESTS) {
            ((ObjectNode) schemas.get(name)).put("additionalProperties", true);
        }
        ObjectNode embed = (ObjectNode) doc.path("paths").path(ServerRoutes.EMBED).path("post");
        json(embed.path("requestBody")).set("schema", oneOf(ref("TeiEmbedRequest"), ref("TextsRequest")));
        json(embed.path("responses").path("200")).set("schema", oneOf(array(array(number())), ref("TextsResponse")));
        json(doc.path("paths").path(ServerRoutes.TOKENIZE).path("post").path("responses").path("200")).set("schema",
                array(array(ref("Token"))));
        doc.remove("security");
        if (keys) {
            ((ObjectNode) doc.path("components")).putObject("securitySchemes").putObject("bearer").put("type", "http")
                    .put("scheme", "bearer");
            doc.putArray("security").addObject().putArray("bearer");
        }
        return doc.toPrettyString();
    }

    private static ObjectNode json(com.fasterxml.jackson.databind.JsonNode bodyOrResponse) {
        return (ObjectNode) bodyOrResponse.path("content").path("application/json");
    }

    private static void property(ObjectNode schemas, String schema, String property, ObjectNode value) {
        ObjectNode properties = (ObjectNode) schemas.path(schema).path("properties");
        if (properties.has(property) && properties.get(property).has("description")) {
            value.put("description", properties.get(property).get("description").asText());
        }
        properties.set(property, value);
    }

    private static ObjectNode oneOf(ObjectNode... options) {
        ObjectNode n = F.objectNode();
        ArrayNode a = n.putArray("oneOf");
        for (ObjectNode o : options) {
            a.add(o);
        }
        return n;
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode n = F.objectNode().put("type", "array");
        n.set("items", items);
        return n;
    }

    private static ObjectNode ref(String schema) {
        return F.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private static ObjectNode string() {
        return F.objectNode().put("type", "string");
    }

    private static ObjectNode integer() {
        return F.objectNode().put("type", "integer").put("format", "int64");
    }

    private static ObjectNode number() {
        return F.objectNode().put("type", "number").put("format", "float");
    }
}
