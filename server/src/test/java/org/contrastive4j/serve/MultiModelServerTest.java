package org.contrastive4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.ImageFiles;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server, three models: MiniLM (text), an image encoder (images) and a CLIP model (both, in
 * one request); each gets the vectors its model gives directly ({@code c4j embed}'s), and each
 * mistake of model or modality its error. /metrics is read by Prometheus' own Python parser.
 */
class MultiModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] SHAPE = {1, 16, 16};
    @TempDir
    static Path dir;
    private static TextModel mini;
    private static EmbeddingServer server;
    private static ServerClient client;
    private static List<String> imageBase64 = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Random r = new Random(3);
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int n = 0; n < 4; n++) {
            BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = (x * (n + 1) + y * 3 + r.nextInt(40)) & 0xff;
                    im.setRGB(x, y, v << 16 | ((v * 7) & 0xff) << 8 | (255 - v));
                }
            }
            Path f = images.resolve("im" + n + (n == 3 ? ".jpg" : ".png"));
            ImageIO.write(im, n == 3 ? "jpg" : "png", f.toFile());
            imageBase64.add(Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
        }
        try (ImageModel model = ImageModel.create(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1), 16, 8, SHAPE, 1)) {
            ImageEncoder.save(model, SHAPE, "SimCLR", dir.resolve("shapes"));
        }
        try (ClipModel clip = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 4, new int[] {4}, 1), SHAPE, 8, 1),
                TextModel.miniLm(), 0)) {
            clip.save(dir.resolve("clip"));
        }
        mini = TextModel.miniLm();
        ServerConfig config = ServerConfig.defaults(0);
        server = new EmbeddingServer(metrics -> List.of(ServedModel.text("mini", mini, config, metrics),
                ServedModel.load(null, dir.resolve("shapes"), config, metrics),
                ServedModel.load("clip", dir.resolve("clip"), config, metrics)), null, config);
        client = new ServerClient(server.start());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
        mini.close();
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static float[][] vectors(JsonNode response) {
        JsonNode data = response.get("data");
        float[][] out = new float[data.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = data.get(i).get("embedding");
            out[i] = new float[e.size()];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = e.get(k).floatValue();
            }
        }
        return out;
    }

    private static String images(int... which) {
        StringBuilder b = new StringBuilder("[");
        for (int i : which) {
            b.append(b.length() > 1 ? "," : "").append("{\"image\":\"").append(imageBase64.get(i)).append("\"}");
        }
        return b.append("]").toString();
    }

    @Test
    void everyModelIsListedAndTheFirstIsTheDefault() throws Exception {
        JsonNode models = ok(client.send("/v1/models", null));
        assertEquals(List.of("mini", "shapes", "clip"), models.get("data").findValuesAsText("id"));
        assertEquals(List.of("text", "image", "text+image"), models.get("data").findValuesAsText("modality"));
        JsonNode r = ok(client.send("/v1/embeddings", "{\"input\": \"a red shirt\"}"));
        assertEquals("mini", r.get("model").asText());
        assertEquals(384, r.get("data").get(0).get("embedding").size());
        assertEquals("shapes", ok(client.send("/info?model=shapes", null)).get("model_id").asText());
    }

    @Test
    void anImageEncoderEmbedsBase64ImagesAsEmbedDoesTheirFiles() throws Exception {
        float[][] expected;
        try (ImageEncoder encoder = ImageEncoder.load(dir.resolve("shapes"))) {
            expected = encoder.encode(ImageFiles.read(dir.resolve("images"), SHAPE[1], SHAPE[0]).images());
        }
        JsonNode r = ok(client.send("/v1/embeddings", "{\"model\": \"shapes\", \"input\": " + images(0, 1, 2, 3) + "}"));
        Assertions2.embeddingsMatch("image encoder over HTTP", expected, vectors(r), 1e-5, 0.9999);
        String dataUrl = "{\"model\": \"shapes\", \"input\": [{\"image\": \"data:image/png;base64," + imageBase64.get(1) + "\"}]}";
        Assertions2.embeddingsMatch("data URL", new float[][] {expected[1]}, vectors(ok(client.send("/v1/embeddings", dataUrl))),
                1e-5, 0.9999);
        assertEquals(0, r.get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void aClipModelEmbedsTextsAndImagesOfOneRequestIntoOneSpace() throws Exception {
        float[][] texts;
        float[][] pictures;
        try (ClipModel clip = ClipModel.load(dir.resolve("clip"))) {
            texts = clip.embedTexts(List.of("a red shirt", "two shoes"));
            pictures = clip.embedImages(ImageFiles.read(dir.resolve("images"), SHAPE[1], SHAPE[0]).images());
        }
        String body = "{\"model\": \"clip\", \"input\": [\"a red shirt\", {\"image\": \"" + imageBase64.get(2) + "\"}, "
                + "{\"text\": \"two shoes\"}, {\"image\": \"" + imageBase64.get(0) + "\"}]}";
        float[][] got = vectors(ok(client.send("/v1/embeddings", body)));
        Assertions2.embeddingsMatch("CLIP texts", texts, new float[][] {got[0], got[2]}, 1e-5, 0.9999);
        Assertions2.embeddingsMatch("CLIP images", new float[][] {pictures[2], pictures[0]}, new float[][] {got[1], got[3]}, 1e-5, 0.9999);
    }

    @Test
    void wrongModelsAndModalitiesAndBadImagesAreNamed() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"model\": \"nope\", \"input\": \"x\"}", "404 model_not_found",
                "{\"model\": \"shapes\", \"input\": \"a text\"}", "400 embeds images, not text",
                "{\"model\": \"mini\", \"input\": " + images(0) + "}", "400 embeds text, not images",
                "{\"model\": \"shapes\", \"input\": [{\"image\": \"not base64 at all!\"}]}", "400 is not base64",
                "{\"model\": \"shapes\", \"input\": [{\"image\": \"" + Base64.getEncoder().encodeToString("hello".getBytes()) + "\"}]}",
                "400 'input[0].image' is not a PNG, JPEG, BMP or GIF image",
                "{\"model\": \"shapes\", \"input\": [{\"image\": 7}]}", "400 must be a base64 string",
                "{\"model\": \"clip\", \"input\": [{\"picture\": \"x\"}]}", "400 'input[0]' must be a string");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = client.send("/v1/embeddings", c.getKey());
            String[] want = c.getValue().split(" ", 2);
            assertEquals(Integer.parseInt(want[0]), r.statusCode(), c.getKey() + " -> " + r.body());
            assertTrue(r.body().contains(want[1]), c.getKey() + " -> " + r.body());
        }
        ok(client.send("/v1/embeddings", "{\"model\": \"shapes\", \"input\": " + images(1) + "}"));
    }

    @Test
    void metricsAreInPrometheusTextFormatPerRouteStatusAndModel() throws Exception {
        ok(client.send("/v1/embeddings", "{\"model\": \"shapes\", \"input\": " + images(0) + "}"));
        ok(client.send("/embed", "{\"inputs\": [\"a\", \"b\"]}"));
        client.send("/v1/embeddings", "{\"model\": \"nope\", \"input\": \"x\"}");
        HttpResponse<String> m = client.send("/metrics", null);
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), m.headers().toString());
        Path scrape = Files.writeString(dir.resolve("metrics.txt"), m.body());
        Path python = Path.of("/usr/bin/python3");
        Required.present(Files.isExecutable(python), "/usr/bin/python3 with prometheus_client (Debian python3-prometheus-client)");
        String script = String.join("\n",
                "import sys",
                "from prometheus_client.parser import text_string_to_metric_families",
                "for f in text_string_to_metric_families(open(sys.argv[1]).read()):",
                "    for s in f.samples:",
                "        if s.name.startswith('c4j_'):",
                "            print(s.name, ','.join(k + '=' + v for k, v in sorted(s.labels.items()) if k != 'le'), s.value)");
        Process p = new ProcessBuilder(python.toString(), "-c", script, scrape.toString()).redirectErrorStream(true).start();
        String parsed = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), parsed);
        assertTrue(parsed.contains("c4j_http_requests_seconds_count model=shapes,route=/v1/embeddings,status=200 "), parsed);
        assertTrue(parsed.contains("c4j_http_requests_seconds_count model=mini,route=/embed,status=200 "), parsed);
        assertTrue(parsed.contains("c4j_http_requests_seconds_count model=,route=/v1/embeddings,status=404 "), parsed);
        assertTrue(parsed.contains("c4j_batch_tokens_count input=text,model=mini "), parsed);
        assertTrue(parsed.contains("c4j_batch_inputs_count input=image,model=shapes "), parsed);
        assertTrue(parsed.contains("c4j_inference_seconds_bucket input=image,model=shapes "), parsed);
        assertTrue(parsed.contains("c4j_queue_seconds_count input=text,model=mini "), parsed);
        assertTrue(parsed.contains("c4j_queue_size model=clip 0.0"), parsed);
    }
}
