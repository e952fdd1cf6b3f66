package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code c4j serve} as clients no one here wrote see it, over real HTTP on loopback: the
 * official OpenAI Node client (float and its default base64) and LangChain4j's
 * {@code OpenAiEmbeddingModel} get the vectors {@code c4j embed} gives; TEI's routes answer in
 * TEI's shapes; bad requests get OpenAI's error shape.
 */
class OpenAiAndTeiApiTest {
    private static final Path NODE_CLIENTS = Path.of("..", "tools", "node").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TextModel model;
    private static EmbeddingServer server;
    private static String base;
    private static ServerClient client;
    private static List<String> texts;
    private static float[][] expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        model = TextModel.miniLm();
        server = new EmbeddingServer(model, null, ServerConfig.defaults(0));
        client = new ServerClient(server.start());
        base = client.base();
        texts = new ArrayList<>();
        for (Synset s : WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun"))) {
            if (texts.size() == 12) {
                break;
            }
            texts.add(s.definition());
        }
        expected = model.embedAll(texts, 8, null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
        model.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(path, body);
    }

    private JsonNode openAiNode(String format, Integer dimensions) throws Exception {
        Required.present(Files.isDirectory(NODE_CLIENTS.resolve("node_modules/openai")), "the openai npm client (npm ci in tools/node)");
        Path textsFile = Files.writeString(dir.resolve("texts.json"), JSON.writeValueAsString(texts));
        List<String> command = new ArrayList<>(List.of("node", NODE_CLIENTS.resolve("openai-embed.mjs").toString(), base + "/v1",
                model.name(), textsFile.toString(), format));
        if (dimensions != null) {
            command.add(dimensions.toString());
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
        assertEquals(0, p.exitValue(), "node openai-embed.mjs: " + out);
        return JSON.readTree(out);
    }

    private static float[][] vectors(JsonNode array) {
        float[][] v = new float[array.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new float[array.get(i).size()];
            for (int k = 0; k < v[i].length; k++) {
                v[i][k] = array.get(i).get(k).floatValue();
            }
        }
        return v;
    }

    @Test
    void officialOpenAiNodeClientGetsTheVectorsOfC4jEmbedAsFloatAndBase64() throws Exception {
        long tokens = Arrays.stream(model.tokenizer().encodeAll(texts)).mapToLong(t -> t.length).sum();
        for (String format : new String[] {"float", "base64"}) {
            JsonNode r = openAiNode(format, null);
            Assertions2.embeddingsMatch("openai npm client, " + format, expected, vectors(r.get("vectors")), 1e-5, 0.9999);
            assertEquals(model.name(), r.get("model").asText());
            assertEquals(tokens, r.at("/usage/prompt_tokens").asLong(), "real token counts");
            assertEquals(tokens, r.at("/usage/total_tokens").asLong());
        }
        float[][] truncated = vectors(openAiNode("float", 64).get("vectors"));
        float[][] byHand = ServedVectors.normalized(java.util.Arrays.stream(expected).map(x -> java.util.Arrays.copyOf(x, 64)).toArray(float[][]::new));
        Assertions2.embeddingsMatch("dimensions 64", byHand, truncated, 1e-5, 0.9999);
    }

    @Test
    void langChain4jOpenAiEmbeddingModelGetsTheVectorsOfC4jEmbed() {
        OpenAiEmbeddingModel client = OpenAiEmbeddingModel.builder().baseUrl(base + "/v1/").apiKey("unused")
                .modelName(model.name()).maxRetries(1).build();
        List<Embedding> got = client.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        Assertions2.embeddingsMatch("LangChain4j OpenAiEmbeddingModel", expected,
                got.stream().map(Embedding::vector).toArray(float[][]::new), 1e-5, 0.9999);
    }

    @Test
    void aZooModelAnswersToItsZooNameAsToItsHubId() throws Exception {
        assertEquals("sentence-transformers/all-MiniLM-L6-v2", model.name());
        HttpResponse<String> r = post("/v1/embeddings", "{\"model\": \"all-MiniLM-L6-v2\", \"input\": \"hi\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(model.name(), JSON.readTree(r.body()).get("model").asText());
    }

    @Test
    void openAiErrorsComeInOpenAisShape() throws Exception {
        HttpResponse<String> unknown = post("/v1/embeddings", "{\"model\": \"text-embedding-3-small\", \"input\": \"hi\"}");
        assertEquals(404, unknown.statusCode());
        JsonNode e = JSON.readTree(unknown.body()).get("error");
        assertEquals("model_not_found", e.get("code").asText());
        assertEquals("model", e.get("param").asText());
        assertEquals("invalid_request_error", e.get("type").asText());
        assertTrue(e.get("message").asText().contains("text-embedding-3-small"));
        assertEquals(400, post("/v1/embeddings", "{\"input\": \"hi\", \"dimensions\": 385}").statusCode());
        assertEquals(400, post("/v1/embeddings", "{\"input\": []}").statusCode());
        assertEquals(400, post("/v1/embeddings", "{\"input\": [[101, 99999999]]}").statusCode());
        assertEquals(413, post("/v1/embeddings", "{\"input\": \"" + "word ".repeat(400) + "\"}").statusCode());
        assertEquals(400, post("/v1/embeddings", "{\"input\": \"hi\", \"encoding_format\": \"int8\"}").statusCode());
        HttpResponse<String> ids = post("/v1/embeddings", "{\"input\": " + Arrays.toString(model.tokenizer().encode(texts.get(0))) + "}");
        assertEquals(200, ids.statusCode(), ids.body());
        float[] byIds = vectors(JSON.createArrayNode().add(JSON.readTree(ids.body()).at("/data/0/embedding")))[0];
        Assertions2.embeddingsMatch("token-id input", new float[][] {expected[0]}, new float[][] {byIds}, 1e-5, 0.9999);
        JsonNode models = JSON.readTree(client.send("/v1/models", null).body());
        assertEquals(model.name(), models.at("/data/0/id").asText());
        assertFalse(unknown.headers().firstValue("X-Request-Id").isEmpty(), "every response carries its request id");
    }

    @Test
    void teiRoutesAnswerInTeisShapes() throws Exception {
        HttpResponse<String> one = post("/embed", "{\"inputs\": \"" + texts.get(0) + "\"}");
        assertEquals(200, one.statusCode(), one.body());
        Assertions2.embeddingsMatch("TEI /embed", new float[][] {expected[0]}, vectors(JSON.readTree(one.body())), 1e-5, 0.9999);
        JsonNode raw = JSON.readTree(post("/embed", "{\"inputs\": [\"a dog\"], \"normalize\": false}").body());
        double norm = 0;
        for (JsonNode x : raw.get(0)) {
            norm += x.asDouble() * x.asDouble();
        }
        assertTrue(Math.abs(Math.sqrt(norm) - 1) > 1e-3, "normalize false leaves the pooled vector as it is");
        String long_ = "{\"inputs\": \"" + "word ".repeat(400) + "\"";
        assertEquals(413, post("/embed", long_ + "}").statusCode(), "too long without truncate");
        assertEquals(200, post("/embed", long_ + ", \"truncate\": true}").statusCode());
        assertEquals(400, post("/embed", "{\"inputs\": \"x\", \"prompt_name\": \"query\"}").statusCode(), "MiniLM has no prompts");
        JsonNode tokens = JSON.readTree(post("/tokenize", "{\"inputs\": \"a small dog\"}").body()).get(0);
        assertEquals("[CLS]", tokens.get(0).get("text").asText());
        assertTrue(tokens.get(0).get("special").asBoolean());
        assertEquals("small", tokens.get(2).get("text").asText());
        assertEquals(2, tokens.get(2).get("start").asInt());
        assertEquals(7, tokens.get(2).get("stop").asInt());
        JsonNode info = JSON.readTree(client.send("/info", null).body());
        assertEquals(model.name(), info.get("model_id").asText());
        assertEquals(256, info.get("max_input_length").asInt());
        assertEquals("mean", info.at("/model_type/embedding/pooling").asText());
    }
}
