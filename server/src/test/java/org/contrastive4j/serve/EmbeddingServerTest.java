package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.encoder.TextModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server over real HTTP on loopback: answers, batching under concurrency, and every bad request. */
class EmbeddingServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TextModel model;
    private static EmbeddingServer server;
    private static ServerClient client;

    @BeforeAll
    static void start() {
        model = TextModel.miniLm();
        ServerConfig config = new ServerConfig("127.0.0.1", 0, 4096, 8, 200, true, 32, 16_384, 0, 20, 512, 30_000, List.of());
        server = new EmbeddingServer(model, null, config);
        client = new ServerClient(server.start());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
        model.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(path, body);
    }

    @Test
    void embedsMatchTheModelAndHealthAnswers() throws Exception {
        HttpResponse<String> r = post("/embed", "{\"texts\": [\"a small dog\", \"the moon\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(2, body.get("embeddings").size());
        float[][] direct = model.embedAll(List.of("a small dog", "the moon"), 2, null);
        for (int k = 0; k < 384; k++) {
            assertEquals(direct[1][k], body.get("embeddings").get(1).get(k).floatValue(), 1e-6);
        }
        HttpResponse<String> health = client.send("/health", null);
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
    }

    @Test
    void concurrentRequestsEachGetTheirOwnRows() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String body = "{\"texts\": [\"request " + i + "\"]}";
            futures.add(client.sendAsync("/embed", body));
        }
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> r = futures.get(i).get();
            assertEquals(200, r.statusCode());
            float first = JSON.readTree(r.body()).get("embeddings").get(0).get(0).floatValue();
            assertEquals(model.embedAll(List.of("request " + i), 1, null)[0][0], first, 1e-5);
        }
    }

    @Test
    void everyBadRequestGetsAJsonErrorAndTheServerKeepsServing() throws Exception {
        String[][] cases = {
            {"/embed", "{\"texts\": [\"unterminated\"", "400", "malformed JSON"},
            {"/embed", "[1, 2]", "400", "JSON object"},
            {"/embed", "{\"texts\": \"not a list\"}", "400", "array of strings"},
            {"/embed", "{\"texts\": []}", "400", "is empty"},
            {"/embed", "{\"texts\": [3]}", "400", "is not a string"},
            {"/embed", "{\"texts\": [\"" + "x".repeat(300) + "\"]}", "413", "at most 200"},
            {"/embed", "{\"texts\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}", "413", "at most 8"},
            {"/embed", "{\"texts\": [\"" + "y".repeat(5000) + "\"]}", "413", ""},
            {"/search", "{\"query\": \"x\"}", "404", "no index"},
            {"/classify", "{\"texts\": [\"x\"], \"labels\": [\"one\"]}", "400", "at least two"},
            {"/nowhere", "{}", "404", "not found"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = post(c[0], c[1]);
            assertEquals(Integer.parseInt(c[2]), r.statusCode(), c[1] + " -> " + r.body());
            JsonNode error = JSON.readTree(r.body());
            assertTrue(error.has("error") && error.get("error").asText().contains(c[3]), r.body());
        }
        assertEquals(200, post("/embed", "{\"texts\": [\"still alive\"]}").statusCode());
    }

    @Test
    void classifyRanksLabels() throws Exception {
        HttpResponse<String> r = post("/classify", "{\"texts\": [\"the striker scored a goal\"], \"labels\": [\"cooking\", \"football\"]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("football", JSON.readTree(r.body()).get("results").get(0).get("label").asText());
    }
}
