package org.contrastive4j.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.DenseLayer;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.onnx.OnnxExport;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code c4j export --format onnx} checked by readers no one here wrote: ONNX Runtime (Java)
 * runs onnx/model.onnx, and transformers.js (npm {@code @huggingface/transformers}, run by node)
 * loads the whole directory as any of its users would; both must give c4j's own embeddings to
 * 1e-4, for the embedded MiniLM and for a model c4j fine-tuned.
 */
class OnnxExportTest {
    private static final Path NODE_CLIENTS = Path.of("..", "tools", "node").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static List<String> glosses(int n) {
        List<String> out = new ArrayList<>();
        for (Synset s : WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.verb"))) {
            if (out.size() >= n) {
                break;
            }
            out.add(s.definition());
        }
        return out;
    }

    @Test
    void embeddedMiniLmExportMatchesInOnnxRuntimeAndTransformersJs() throws Exception {
        checkExport(null, dir.resolve("minilm"));
    }

    @Test
    void fineTunedRetrieverExportMatchesInOnnxRuntimeAndTransformersJs() throws Exception {
        Path run = dir.resolve("retriever");
        CliRun train = CliRun.of("train", "retriever", "--out", run.toString(), "--steps", "3", "--batch-size", "8", "--limit", "64",
                "--test-limit", "30", "--dev-limit", "30", "--eval-every", "0", "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        checkExport(run.resolve("model"), dir.resolve("tuned"));
    }

    @Test
    void everyPoolingModeAndDenseLayersExportAsComputed() throws Exception {
        List<String> texts = glosses(12);
        for (BertConfig.Pooling pooling : BertConfig.Pooling.values()) {
            try (TextModel base = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1).withPooling(pooling))) {
                TextModel model = base;
                if (pooling == BertConfig.Pooling.MAX) {
                    // a tanh Dense layer to 32 dimensions after pooling, as sentence-transformers' Dense module
                    java.util.Random r = new java.util.Random(1);
                    float[] w = new float[384 * 32];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) (r.nextGaussian() * 0.05);
                    }
                    ai.djl.ndarray.NDManager m = base.encoder().manager();
                    DenseLayer dense = new DenseLayer(m.create(w, new ai.djl.ndarray.types.Shape(384, 32)), m.zeros(
                            new ai.djl.ndarray.types.Shape(32)).add(0.1f), DenseLayer.Activation.TANH);
                    model = new TextModel(base.encoder(), base.tokenizer(), List.of(dense), base.prompts(), base.name(), Map.of());
                }
                Path onnx = dir.resolve(pooling.cliName() + ".onnx");
                Files.write(onnx, OnnxExport.export(model));
                assertClose("ONNX Runtime, " + pooling.cliName() + " pooling", model.embedAll(texts, 4, null),
                        onnxRuntime(onnx, model.tokenizer().encodeAll(texts)));
            }
        }
    }

    private void checkExport(Path model, Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("export", "--format", "onnx", "--out", out.toString()));
        if (model != null) {
            args.addAll(List.of("--model", model.toString()));
        }
        CliRun export = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, export.exitCode(), export.err());
        List<String> texts = glosses(48);
        float[][] expected;
        long[][] tokens;
        try (TextModel m = TextModel.load(model)) {
            expected = m.embedAll(texts, 16, null);
            tokens = m.tokenizer().encodeAll(texts);
        }
        assertClose("ONNX Runtime", expected, onnxRuntime(out.resolve("onnx/model.onnx"), tokens));
        assertClose("transformers.js", expected, transformersJs(out, texts));
    }

    private static float[][] onnxRuntime(Path onnx, long[][] tokens) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] out = new float[tokens.length][];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnx.toString(), options)) {
                assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), new ArrayList<>(session.getInputNames()));
                for (int start = 0; start < tokens.length; start += 16) {
                    long[][] batch = Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + 16));
                    int len = Arrays.stream(batch).mapToInt(t -> t.length).max().orElse(0);
                    long[][] ids = new long[batch.length][len];
                    long[][] mask = new long[batch.length][len];
                    for (int i = 0; i < batch.length; i++) {
                        System.arraycopy(batch[i], 0, ids[i], 0, batch[i].length);
                        Arrays.fill(mask[i], 0, batch[i].length, 1);
                    }
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
                    inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[batch.length][len]));
                    try (OrtSession.Result r = session.run(inputs)) {
                        float[][] v = (float[][]) r.get("sentence_embedding").orElseThrow().getValue();
                        float[][][] states = (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
                        assertEquals(len, states[0].length, "dynamic sequence axis");
                        System.arraycopy(v, 0, out, start, v.length);
                    } finally {
                        inputs.values().forEach(OnnxTensor::close);
                    }
                }
            }
        }
        return out;
    }

    private static float[][] transformersJs(Path modelDir, List<String> texts) throws IOException, InterruptedException {
        Required.present(Files.isDirectory(NODE_CLIENTS.resolve("node_modules/@huggingface/transformers")),
                "transformers.js (npm ci in tools/node)");
        ObjectMapper json = new ObjectMapper();
        Path textsFile = Files.writeString(modelDir.resolveSibling(modelDir.getFileName() + "-texts.json"), json.writeValueAsString(texts));
        Path vectors = modelDir.resolveSibling(modelDir.getFileName() + "-vectors.json");
        Process p = new ProcessBuilder("node", NODE_CLIENTS.resolve("transformersjs-embed.mjs").toString(), modelDir.toString(), textsFile.toString(),
                "mean", "true").redirectOutput(vectors.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "transformers.js finished");
        assertEquals(0, p.exitValue(), "node embed.mjs exit code");
        return json.readValue(vectors.toFile(), float[][].class);
    }

    private static void assertClose(String reader, float[][] expected, float[][] actual) {
        Assertions2.embeddingsMatch(reader, expected, actual, 1e-4, 0.9999);
    }
}
