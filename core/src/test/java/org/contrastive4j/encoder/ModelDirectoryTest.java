package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.Safetensors.Tensor;
import org.contrastive4j.encoder.onnx.OnnxWeights;
import org.contrastive4j.encoder.onnx.OnnxWeightsProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sentence-transformers layout written and read, the Hugging Face variants of it, older c4j directories, and bad input. */
class ModelDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXTS = List.of("a small domesticated dog", "the upper part of the body", "hello");
    private static TextModel model;
    private static float[][] expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1));
        expected = model.embedAll(TEXTS, 2, null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static void assertSameEmbeddings(float[][] a, float[][] b, float tol) {
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], tol, "text " + i);
        }
    }

    private static float[][] embed(Path d) {
        try (TextModel m = TextModel.load(d)) {
            return m.embedAll(TEXTS, 2, null);
        }
    }

    @Test
    void writesTheSentenceTransformersLayoutWithPyTorchLinearWeights() throws IOException {
        model.save(dir);
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
            "1_Pooling/config.json", "sentence_bert_config.json", "config_sentence_transformers.json", "README.md"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals("bert", config.path("model_type").asText());
        assertEquals(1, config.path("num_hidden_layers").asInt());
        assertEquals(384, config.path("hidden_size").asInt());
        JsonNode modules = JSON.readTree(dir.resolve("modules.json").toFile());
        assertEquals(List.of("sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                "sentence_transformers.models.Normalize"), modules.findValuesAsText("type"));
        assertTrue(JSON.readTree(dir.resolve("1_Pooling/config.json").toFile()).path("pooling_mode_mean_tokens").asBoolean());
        assertEquals(256, JSON.readTree(dir.resolve("sentence_bert_config.json").toFile()).path("max_seq_length").asInt());
        byte[] file = Files.readAllBytes(dir.resolve("model.safetensors"));
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = JSON.readTree(new String(file, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("pt", header.path("__metadata__").path("format").asText());
        assertEquals(0, (8 + headerLength) % 8, "the data section is 8-byte aligned");
        // PyTorch's nn.Linear keeps [out][in]: the intermediate layer maps 384 to 1536
        assertEquals("[1536,384]", header.path("encoder.layer.0.intermediate.dense.weight").path("shape").toString());
        Tensor query = Safetensors.read(dir.resolve("model.safetensors")).get("encoder.layer.0.attention.self.query.weight");
        float[] internal = model.encoder().parameters().get("encoder.layer.0.attention.self.query.weight").toFloatArray();
        assertEquals(internal[1 * 384 + 0], query.values()[0 * 384 + 1], 0f, "stored transposed: W_pt[out][in] = W[in][out]");
        assertSameEmbeddings(expected, embed(dir), 1e-6f);
    }

    @Test
    void directoryWrittenByOlderC4jStillLoads() throws IOException {
        BertConfig c = model.encoder().config();
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("vocabSize", c.vocabSize());
        legacy.put("hidden", c.hidden());
        legacy.put("layers", c.layers());
        legacy.put("heads", c.heads());
        legacy.put("intermediate", c.intermediate());
        legacy.put("maxPositions", c.maxPositions());
        legacy.put("typeVocabSize", c.typeVocabSize());
        legacy.put("layerNormEps", c.layerNormEps());
        legacy.put("dropout", c.dropout());
        legacy.put("pooling", "MEAN");
        legacy.put("maxSequenceLength", c.maxSequenceLength());
        JSON.writeValue(dir.resolve("config.json").toFile(), legacy);
        try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
            model.encoder().parameterList().encode(out, NDList.Encoding.SAFETENSORS); // DJL's codec, weights [in][out]
        }
        Files.write(dir.resolve("tokenizer.json"), model.tokenizer().json());
        assertSameEmbeddings(expected, embed(dir), 1e-6f);
    }

    @Test
    void huggingFaceDirectoryWithBertPrefixAndNoModulesPoolsByMeanWithoutNormalising() throws IOException {
        model.save(dir);
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        Safetensors.read(dir.resolve("model.safetensors")).forEach((n, t) -> prefixed.put("bert." + n, t));
        prefixed.put("bert.pooler.dense.weight", new Tensor(new long[] {2, 2}, new float[4]));
        Safetensors.write(dir.resolve("model.safetensors"), prefixed);
        for (String f : new String[] {"modules.json", "1_Pooling/config.json", "config_sentence_transformers.json"}) {
            Files.delete(dir.resolve(f));
        }
        try (TextModel m = TextModel.load(dir)) {
            assertFalse(m.encoder().config().normalize());
            assertEquals(BertConfig.Pooling.MEAN, m.encoder().config().pooling());
            float[][] raw = m.embedAll(TEXTS, 2, null);
            for (int i = 0; i < raw.length; i++) {
                double norm = 0;
                for (float v : raw[i]) {
                    norm += v * v;
                }
                assertTrue(Math.abs(Math.sqrt(norm) - 1) > 1e-3, "not normalised");
                float[] unit = new float[raw[i].length];
                for (int k = 0; k < unit.length; k++) {
                    unit[k] = (float) (raw[i][k] / Math.sqrt(norm));
                }
                assertArrayEquals(expected[i], unit, 1e-5f);
            }
        }
    }

    @Test
    void robertaNumbersPositionsFromThePaddingIdPlusOne() throws IOException {
        model.save(dir);
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        config.put("model_type", "roberta").put("pad_token_id", 1).put("max_position_embeddings", 514);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        Map<String, Tensor> w = Safetensors.read(dir.resolve("model.safetensors"));
        Tensor pos = w.get("embeddings.position_embeddings.weight");
        float[] shifted = new float[514 * 384];
        System.arraycopy(pos.values(), 0, shifted, 2 * 384, 512 * 384); // rows 0 and 1 (padding, unused) stay zero
        w.put("embeddings.position_embeddings.weight", new Tensor(new long[] {514, 384}, shifted));
        Safetensors.write(dir.resolve("model.safetensors"), w);
        try (TextModel m = TextModel.load(dir)) {
            assertEquals(2, m.encoder().config().positionOffset());
            assertEquals(512, m.encoder().config().maxTokens());
            assertSameEmbeddings(expected, m.embedAll(TEXTS, 2, null), 1e-6f);
        }
    }

    @Test
    void eachPoolingModeAsSentenceTransformersComputesIt() {
        float[] states = new float[2 * 3 * 4];
        Random r = new Random(7);
        for (int i = 0; i < states.length; i++) {
            states[i] = (float) r.nextGaussian();
        }
        long[] mask = {1, 1, 1, 1, 1, 0}; // the second text has two tokens, then padding
        for (BertConfig.Pooling p : BertConfig.Pooling.values()) {
            BertConfig config = new BertConfig(10, 4, 0, 1, 8, 16, 2, 1e-12, 0, p, 16, "bert", 0, false);
            BertEncoder encoder = new BertEncoder(config, NDManager.newBaseManager(), new LinkedHashMap<>(tinyEmbeddings(config)));
            try (NDManager step = NDManager.newBaseManager()) {
                float[] got = encoder.pooled(step.create(states, new Shape(2, 3, 4)), step.create(mask, new Shape(2, 3))).toFloatArray();
                for (int b = 0; b < 2; b++) {
                    int n = b == 0 ? 3 : 2;
                    for (int k = 0; k < 4; k++) {
                        double want = switch (p) {
                            case CLS -> states[b * 12 + k];
                            case LAST_TOKEN -> states[b * 12 + (n - 1) * 4 + k];
                            case MAX -> {
                                double m = -Double.MAX_VALUE;
                                for (int t = 0; t < n; t++) {
                                    m = Math.max(m, states[b * 12 + t * 4 + k]);
                                }
                                yield m;
                            }
                            case MEAN, MEAN_SQRT_LEN -> {
                                double s = 0;
                                for (int t = 0; t < n; t++) {
                                    s += states[b * 12 + t * 4 + k];
                                }
                                yield p == BertConfig.Pooling.MEAN ? s / n : s / Math.sqrt(n);
                            }
                        };
                        assertEquals(want, got[b * 4 + k], 1e-6, p + " text " + b + " dim " + k);
                    }
                }
            } finally {
                encoder.close();
            }
        }
    }

    private static Map<String, NDArray> tinyEmbeddings(BertConfig c) {
        NDManager m = NDManager.newBaseManager();
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (String n : BertEncoder.expectedNames(c)) {
            p.put(n, m.zeros(new Shape(BertEncoder.expectedShape(c, n))));
        }
        return p;
    }

    @Test
    void denseModuleAfterPoolingIsAppliedAndSavedAgain() throws IOException {
        model.save(dir);
        Random r = new Random(3);
        float[] w = new float[8 * 384];
        float[] b = new float[8];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.05);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextGaussian() * 0.1);
        }
        Path denseDir = dir.resolve("2_Dense");
        Files.createDirectories(denseDir);
        JSON.writeValue(denseDir.resolve("config.json").toFile(), Map.of("in_features", 384, "out_features", 8, "bias", true,
                "activation_function", "torch.nn.modules.activation.Tanh"));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("linear.weight", new Tensor(new long[] {8, 384}, w));
        weights.put("linear.bias", new Tensor(new long[] {8}, b));
        Safetensors.write(denseDir.resolve("model.safetensors"), weights);
        ArrayNode modules = (ArrayNode) JSON.readTree(dir.resolve("modules.json").toFile());
        ObjectNode normalize = (ObjectNode) modules.remove(2);
        modules.addObject().put("idx", 2).put("name", "2").put("path", "2_Dense").put("type", "sentence_transformers.models.Dense");
        normalize.put("idx", 3).put("name", "3").put("path", "3_Normalize");
        modules.add(normalize);
        JSON.writeValue(dir.resolve("modules.json").toFile(), modules);
        float[][] got;
        try (TextModel m = TextModel.load(dir)) {
            assertEquals(8, m.dimension());
            got = m.embedAll(TEXTS, 2, null);
            Path again = dir.resolve("again");
            m.save(again);
            assertSameEmbeddings(got, embed(again), 1e-6f);
        }
        // by hand: normalise(tanh(W x + b)) on the raw mean-pooled vector x
        Files.delete(dir.resolve("modules.json"));
        float[][] pooled = embed(dir); // plain Hugging Face reading: mean pooling, no normalisation
        for (int i = 0; i < TEXTS.size(); i++) {
            double[] y = new double[8];
            double norm = 0;
            for (int o = 0; o < 8; o++) {
                double s = b[o];
                for (int k = 0; k < 384; k++) {
                    s += w[o * 384 + k] * pooled[i][k];
                }
                y[o] = Math.tanh(s);
                norm += y[o] * y[o];
            }
            for (int o = 0; o < 8; o++) {
                assertEquals(y[o] / Math.sqrt(norm), got[i][o], 1e-5, "text " + i + " output " + o);
            }
        }
    }

    @Test
    void promptsOfTheModelArePrependedByName() {
        Prompts p = new Prompts(Map.of("query", "query: ", "passage", "passage: "), null);
        assertEquals("query: ", p.resolve("query"));
        assertEquals("", p.resolve(null));
        assertEquals("", p.resolve("none"));
        assertEquals("Instruct: find it\n", p.resolve("Instruct: find it\n"));
        assertEquals("query", p.queryName());
        assertEquals("passage", p.documentName());
        try (TextModel m = new TextModel(model.encoder(), model.tokenizer(), List.of(), p, "test", Map.of())) {
            float[][] withPrompt = m.embedAll(TEXTS, "query", 2, null);
            float[][] byHand = m.embedAll(TEXTS.stream().map(t -> "query: " + t).toList(), 2, null);
            assertSameEmbeddings(byHand, withPrompt, 0f);
        } finally {
            model.close();
            model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1)); // the wrapper closed the shared encoder
        }
    }

    @Test
    void aDirectoryOfNeitherFormatIsNamed() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)),
                "is not a model directory: it has no config.json (it holds notes.txt)");
    }

    @Test
    void unknownZooNameListsTheKnownOnes() {
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(Path.of("bge-large-xx"))),
                "no model directory bge-large-xx, and no model-zoo model of that name (known: all-MiniLM-L6-v2, bge-small-en-v1.5");
        messageContains(assertThrows(InvalidInputException.class, () -> ModelZoo.require("gte-tiny")), "unknown model 'gte-tiny'");
    }

    @Test
    void missingTokenizerUnsupportedArchitectureAndWrongShapesAreNamed() throws IOException {
        model.save(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "lacks tokenizer.json");
        model.save(dir);
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        JSON.writeValue(dir.resolve("config.json").toFile(), config.deepCopy().put("model_type", "gpt2"));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)),
                "model_type 'gpt2' is not supported; contrastive4j runs bert, roberta, xlm-roberta");
        JSON.writeValue(dir.resolve("config.json").toFile(), config.deepCopy().put("intermediate_size", 1024));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)),
                "weight 'encoder.layer.0.intermediate.dense.weight' has shape [1536, 384], config.json implies [1024, 384]");
        JSON.writeValue(dir.resolve("config.json").toFile(), config.deepCopy().put("num_hidden_layers", 1_000_000_000));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)),
                "config.json", "num_hidden_layers 1000000000 is outside [0, 256]");
        JSON.writeValue(dir.resolve("config.json").toFile(), config.deepCopy().put("hidden_size", -384));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "config.json", "hidden_size -384");
    }

    @Test
    void aModulePathCannotLeaveTheModelDirectory() throws IOException {
        model.save(dir);
        JSON.writeValue(dir.resolve("modules.json").toFile(), java.util.List.of(
                Map.of("idx", 0, "name", "0", "path", "", "type", "sentence_transformers.models.Transformer"),
                Map.of("idx", 1, "name", "1", "path", "../../etc", "type", "sentence_transformers.models.Pooling")));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "modules.json", "'../../etc' leads outside");
    }

    @Test
    void truncatedOrCorruptWeightsAreNamedAndNothingIsLoaded() throws IOException {
        model.save(dir);
        Path weights = dir.resolve("model.safetensors");
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(whole, whole.length / 2));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "(the file is truncated)");
        Files.write(weights, new byte[] {1, 2, 3});
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)),
                "model.safetensors is not a valid safetensors file: it is 3 bytes long");
        byte[] garbage = whole.clone();
        garbage[8] = 'x';
        Files.write(weights, garbage);
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "its header is not JSON");
        Files.delete(weights);
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1});
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "pytorch_model.bin (a Python pickle");
    }

    @Test
    void halfPrecisionValuesDecode() {
        assertEquals(1.5f, Safetensors.halfToFloat((short) 0x3e00));
        assertEquals(-2f, Safetensors.halfToFloat((short) 0xc000));
        assertEquals(5.9604645e-8f, Safetensors.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7c00));
    }

    @Test
    void quantisedOnnxExportIsRecognised() {
        OnnxWeightsProto.Model onnx = OnnxWeightsProto.Model.newBuilder().setGraph(OnnxWeightsProto.Graph.newBuilder()
                .addInitializer(OnnxWeightsProto.Tensor.newBuilder().setName("embeddings.word_embeddings.weight").setDataType(1)
                        .addDims(1).addFloatData(0.5f))
                .addInitializer(OnnxWeightsProto.Tensor.newBuilder().setName("onnx::MatMul_1_quantized").setDataType(3)
                        .addDims(1).setRawData(ByteString.copyFrom(new byte[] {7})))).build();
        messageContains(assertThrows(InvalidInputException.class,
                () -> OnnxWeights.read(new ByteArrayInputStream(onnx.toByteArray()), "model_quantized.onnx")),
                "ONNX model model_quantized.onnx is quantised (1 int8 initializers");
    }
}
