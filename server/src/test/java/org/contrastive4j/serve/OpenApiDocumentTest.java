package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.index.Quantization;
import org.contrastive4j.index.VectorIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /openapi.json is a valid OpenAPI 3 document (swagger-parser reads it without a message), lists
 * exactly the routes the server has, and describes what they really accept: a body of the
 * required fields, filled as the schema says, is answered 200; each field given a value of the
 * wrong type is refused with a 400 that names it.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TextModel model;
    private static VectorIndex index;
    private static EmbeddingServer server;
    private static ServerClient client;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        model = TextModel.miniLm();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        List<String> texts = List.of("a dog", "a cat", "the moon");
        VectorIndex.add(dir, List.of("1", "2", "3"), texts, model.embedAll(texts, 8, null), Quantization.NONE);
        index = VectorIndex.open(dir);
        server = new EmbeddingServer(model, index, ServerConfig.defaults(0));
        client = new ServerClient(server.start());
        HttpResponse<String> r = client.send(ServerRoutes.OPENAPI, null);
        assertEquals(200, r.statusCode(), r.body());
        doc = JSON.readTree(r.body());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        index.close();
        model.close();
    }

    @Test
    void swaggerParserReadsItWithoutAMessage() throws Exception {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(JSON.writeValueAsString(doc), null, null);
        assertNotNull(result.getOpenAPI(), String.valueOf(result.getMessages()));
        assertEquals(List.of(), result.getMessages());
        assertTrue(result.getOpenAPI().getPaths().get("/v1/embeddings").getPost().getRequestBody().getRequired());
    }

    @Test
    void itListsExactlyTheRoutesTheServerHas() {
        TreeSet<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        TreeSet<String> routes = new TreeSet<>(server.routes());
        routes.remove("GET " + ServerRoutes.OPENAPI);
        assertEquals(routes, documented);
    }

    @Test
    void requiredFieldsSufficeAndEveryFieldOfTheWrongTypeIsRefusedByName() throws Exception {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode post = path.getValue().get("post");
            if (post == null) {
                continue;
            }
            for (JsonNode schema : bodies(post.at("/requestBody/content/application~1json/schema"))) {
                ObjectNode minimal = JSON.createObjectNode();
                for (JsonNode required : schema.path("required")) {
                    minimal.set(required.asText(), example(schema.get("properties").get(required.asText())));
                }
                HttpResponse<String> ok = client.send(path.getKey(), minimal.toString());
                assertEquals(200, ok.statusCode(), path.getKey() + " " + minimal + " -> " + ok.body());
                for (Iterator<Map.Entry<String, JsonNode>> props = schema.get("properties").fields(); props.hasNext(); ) {
                    Map.Entry<String, JsonNode> prop = props.next();
                    ObjectNode wrong = minimal.deepCopy();
                    wrong.set(prop.getKey(), wrongType(prop.getValue()));
                    HttpResponse<String> r = client.send(path.getKey(), wrong.toString());
                    assertEquals(400, r.statusCode(), path.getKey() + " " + wrong + " -> " + r.body());
                    assertTrue(r.body().contains(prop.getKey()), path.getKey() + " " + wrong + " -> " + r.body());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 15, "fields checked: " + checked);
    }

    /** The object schemas a body may take (one, or each of a oneOf), references resolved. */
    private static List<JsonNode> bodies(JsonNode schema) {
        List<JsonNode> out = new ArrayList<>();
        if (schema.has("oneOf")) {
            schema.get("oneOf").forEach(s -> out.add(resolve(s)));
        } else {
            out.add(resolve(schema));
        }
        return out;
    }

    private static JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? doc.at(schema.get("$ref").asText().substring(1)) : schema;
    }

    /** A value the schema allows: its first option, strings as short texts, arrays of two. */
    private static JsonNode example(JsonNode schema) {
        JsonNode s = resolve(schema.has("oneOf") ? schema.get("oneOf").get(0) : schema);
        return switch (s.path("type").asText()) {
            case "string" -> JSON.getNodeFactory().textNode("a small dog");
            case "integer" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "array" -> JSON.createArrayNode().add(example(s.get("items"))).add(example(s.get("items")));
            default -> throw new AssertionError("no example for " + s);
        };
    }

    /** A value of a type the schema does not allow. */
    private static JsonNode wrongType(JsonNode schema) {
        JsonNode s = resolve(schema.has("oneOf") ? schema.get("oneOf").get(0) : schema);
        return s.path("type").asText().equals("string") && !schema.has("oneOf") || s.path("type").asText().equals("array")
                || schema.has("oneOf") ? JSON.getNodeFactory().booleanNode(true) : JSON.getNodeFactory().textNode("not a number");
    }
}
