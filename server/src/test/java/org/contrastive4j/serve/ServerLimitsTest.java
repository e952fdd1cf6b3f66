package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.TextModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys, backpressure (429 with Retry-After) and the request deadline (503), over real HTTP; the server keeps serving. */
class ServerLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TextModel model;

    @BeforeAll
    static void load() {
        model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static String bigRequest() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(("text number " + i + " about a small dog in a large park ").repeat(6));
        }
        try {
            return JSON.writeValueAsString(java.util.Map.of("input", texts));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void apiKeysAreRequiredExceptForHealth() throws Exception {
        try (EmbeddingServer server = new EmbeddingServer(model, null, ServerConfig.defaults(0).withApiKeys(List.of("k1", "secret")))) {
            ServerClient c = new ServerClient(server.start());
            String body = "{\"input\": \"a dog\"}";
            HttpResponse<String> none = c.send("/v1/embeddings", body);
            assertEquals(401, none.statusCode());
            assertEquals("invalid_request_error", JSON.readTree(none.body()).at("/error/type").asText());
            assertEquals(401, c.send("/v1/embeddings", body, "secreT").statusCode());
            assertEquals(401, c.send("/embed", "{\"inputs\": \"x\"}").statusCode());
            HttpResponse<String> right = c.send("/v1/embeddings", body, "secret");
            assertEquals(200, right.statusCode(), right.body());
            // on the same kept-alive connection: Jetty's header cache must not hand back the earlier, accepted casing
            assertEquals(401, c.send("/v1/embeddings", body, "SECRET").statusCode());
            assertEquals(200, c.send("/health", null).statusCode());
        }
    }

    @Test
    void beyondTheQueueBoundRequestsGet429WithRetryAfterAndTheRestSucceed() throws Exception {
        try (EmbeddingServer server = new EmbeddingServer(model, null, ServerConfig.defaults(0).withLimits(1, 60_000))) {
            ServerClient c = new ServerClient(server.start());
            String body = bigRequest();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(c.sendAsync("/v1/embeddings", body));
            }
            int ok = 0;
            int busy = 0;
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 429) {
                    busy++;
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""), "429 says when to retry");
                } else {
                    assertEquals(200, r.statusCode(), r.body());
                    ok++;
                }
            }
            assertTrue(ok >= 1 && busy >= 1, ok + " answered, " + busy + " turned away");
            for (String bad : List.of("{", "{\"input\": []}", "{\"input\": 3}", "{\"model\": \"nope\", \"input\": \"x\"}")) {
                assertEquals(true, c.send("/v1/embeddings", bad).statusCode() >= 400);
            }
            // refused requests give their place back: the one allowed is free again
            assertEquals(200, c.send("/v1/embeddings", "{\"input\": \"still serving\"}").statusCode());
        }
    }

    @Test
    void aRequestPastItsDeadlineGets503() throws Exception {
        try (EmbeddingServer server = new EmbeddingServer(model, null, ServerConfig.defaults(0).withLimits(512, 1))) {
            ServerClient c = new ServerClient(server.start());
            HttpResponse<String> r = c.send("/v1/embeddings", bigRequest());
            assertEquals(503, r.statusCode(), r.body());
            JsonNode e = JSON.readTree(r.body()).get("error");
            assertTrue(e.get("message").asText().contains("did not finish within 1 ms"), r.body());
        }
    }

    @Test
    void anInputOverTheTokenLimitIsNamedUnlessTheRequestAsksToTruncate() throws Exception {
        try (EmbeddingServer server = new EmbeddingServer(model, null, ServerConfig.defaults(0).withBatchTokens(16_384, 8))) {
            ServerClient c = new ServerClient(server.start());
            String longText = "the quick brown fox jumps over the lazy dog again";
            HttpResponse<String> refused = c.send("/v1/embeddings", "{\"input\": [\"short\", {\"image\": \"x\"}]}");
            assertEquals(400, refused.statusCode(), refused.body());
            refused = c.send("/v1/embeddings", "{\"input\": [\"short\", \"" + longText + "\"]}");
            assertEquals(413, refused.statusCode(), refused.body());
            long[] ids = model.tokenizer().encode(longText);
            assertTrue(refused.body().contains("input[1] has " + ids.length + " tokens; at most 8"), refused.body());
            HttpResponse<String> tei = c.send("/embed", "{\"inputs\": [\"" + longText + "\"]}");
            assertEquals(413, tei.statusCode(), tei.body());
            assertTrue(tei.body().contains("has " + ids.length + " tokens; at most 8"), tei.body());
            HttpResponse<String> cut = c.send("/v1/embeddings", "{\"input\": [\"" + longText + "\"], \"truncate\": true}");
            assertEquals(200, cut.statusCode(), cut.body());
            assertEquals(8, JSON.readTree(cut.body()).at("/usage/prompt_tokens").asInt());
            long[] first8 = java.util.Arrays.copyOf(ids, 8);
            first8[7] = ids[ids.length - 1];
            float[] expected = org.contrastive4j.tensor.Vectors.normalized(model.embedAllTokens(new long[][] {first8}, 1, false)[0]);
            JsonNode v = JSON.readTree(cut.body()).at("/data/0/embedding");
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], v.get(k).floatValue(), 1e-5);
            }
            assertEquals(200, c.send("/embed", "{\"inputs\": \"" + longText + "\", \"truncate\": true}").statusCode());
        }
    }

    @Test
    void closingFinishesTheRequestsAlreadyAcceptedThenRefusesConnections() throws Exception {
        EmbeddingServer server = new EmbeddingServer(model, null, ServerConfig.defaults(0));
        ServerClient c = new ServerClient(server.start());
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(c.sendAsync("/v1/embeddings", bigRequest()));
        }
        Thread.sleep(300);
        server.close();
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(64, JSON.readTree(r.body()).get("data").size());
        }
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> c.sendAsync("/health", null).get());
        assertTrue(refused.getCause() instanceof java.net.ConnectException, refused.toString());
    }
}
