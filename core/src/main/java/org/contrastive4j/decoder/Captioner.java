package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Index;
import org.contrastive4j.tensor.NoGrad;
import org.contrastive4j.tensor.Scoped;
import org.contrastive4j.train.Trainable;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A caption generator: something that turns an input (an embedding or an image) into a
 * context, and a Transformer decoder that writes a caption from it, token by token. Trained
 * with teacher forcing: the input tokens are BOS + the caption, the targets the caption + EOS,
 * and the loss is the mean cross-entropy over real targets (padding ignored). The token
 * embedding is tied to the output layer, as in GPT-2.
 */
public abstract class Captioner implements Trainable, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG_FILE = "decoder.json";
    static final String VOCABULARY_FILE = "vocabulary.json";
    static final String WEIGHTS_FILE = "weights.bin";

    protected final DecoderConfig config;
    protected final CaptionVocabulary vocabulary;
    protected final Parameters p;

    protected Captioner(DecoderConfig config, CaptionVocabulary vocabulary, long seed) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.p = new Parameters(seed);
        p.normal("tok", vocabulary.size(), config.width());
        p.normal("pos", decoderPositions(), config.width());
    }

    public static Captioner create(DecoderConfig config, CaptionVocabulary vocabulary, long seed) {
        return switch (config.kind()) {
            case PREFIX, ZEROSHOT -> new PrefixCaptioner(config, vocabulary, seed);
            case PREFIXLM -> new PrefixLmCaptioner(config, vocabulary, seed);
            case COCA -> new CocaCaptioner(config, vocabulary, seed);
        };
    }

    public DecoderConfig config() {
        return config;
    }

    public CaptionVocabulary vocabulary() {
        return vocabulary;
    }

    /** Positions the decoder's position table covers: its prefix, the tokens, and one more (CoCa's CLS). */
    protected abstract int decoderPositions();

    /** What the decoder is conditioned on, for inputs [B][inputShape...]: prefix vectors or image tokens. */
    public abstract NDArray context(NDArray inputs, boolean training);

    /** Next-token logits [B][T][V] at every position of tokens [B][T] (int64, BOS first), given context rows [B]... */
    public abstract NDArray tokenLogits(NDArray context, NDArray tokens);

    /** The training loss for a batch of inputs and their captions (the captioning loss; CoCa adds its contrastive term). */
    public NDArray loss(NDArray inputs, List<String> captions) {
        TokenBatch batch = TokenBatch.of(inputs.getManager(), vocabulary, captions, config.maxTokens(), false);
        return captionLoss(tokenLogits(context(inputs, true), batch.inputs()), batch);
    }

    /** Sum and count of the target tokens' negative log-likelihoods (teacher forcing), for perplexity. */
    public double[] negativeLogLikelihood(NDArray inputs, List<String> captions) {
        TokenBatch batch = TokenBatch.of(inputs.getManager(), vocabulary, captions, config.maxTokens(), false);
        NDArray nll = targetNll(tokenLogits(context(inputs, false), batch.inputs()), batch);
        return new double[] {nll.sum().getFloat(), batch.targetCount()};
    }

    /** Mean cross-entropy over the real (non-padding) targets. */
    public static NDArray captionLoss(NDArray logits, TokenBatch batch) {
        return targetNll(logits, batch).sum().div(batch.targetCount());
    }

    /** -log p(target) at each position [B*T], 0 at padding. */
    private static NDArray targetNll(NDArray logits, TokenBatch batch) {
        long v = logits.getShape().get(2);
        NDArray flat = logits.reshape(-1, v).logSoftmax(1);
        return Index.pick(flat, batch.targets()).neg().mul(batch.targetWeights());
    }

    /** The token embeddings [B][T][d] plus positions {@code first..first+T-1}. */
    protected NDArray embedTokens(NDArray tokens, int first) {
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        if (first + t > decoderPositions()) {
            throw new InvalidInputException("sequence of " + (first + t) + " positions exceeds the decoder's " + decoderPositions());
        }
        NDArray positions = tokens.getManager().arange(first, first + (int) t, 1, DataType.INT64).broadcast(b, t);
        return lookup(tokens, "tok").add(lookup(positions, "pos"));
    }

    protected NDArray lookup(NDArray indices, String table) {
        return Embedding.embedding(indices, p.get(table), SparseFormat.DENSE).singletonOrThrow();
    }

    /** Runs layers {@code name0..name(n-1)} over x [B][L][d] with the given mask and optional memory. */
    protected NDArray layers(String name, int count, NDArray x, NDArray mask, NDArray memory) {
        for (int l = 0; l < count; l++) {
            String prefix = name + l + ".";
            x = Scoped.layer(x, in -> TransformerLayers.apply(p, prefix, in, mask, memory, config.heads()));
        }
        return x;
    }

    /** Logits over the vocabulary from final states [B][T][d], through the tied token embedding. */
    protected NDArray vocabularyLogits(NDArray states) {
        return TransformerLayers.layerNorm(p, "ln_f", states).matMul(p.get("tok").transpose());
    }

    /** Concatenates [B][P][d] and [B][T][d] along the sequence. */
    protected static NDArray concatSequence(NDArray prefix, NDArray rest) {
        return NDArrays.concat(new NDList(prefix, rest), 1);
    }

    /**
     * Input rows {@code rows[from..from+count)}, each flattened to the captioner's input shape, as
     * one array [count][inputShape...] in {@code manager}; a row of another size names its index.
     */
    public NDArray inputArray(NDManager manager, float[][] rows, int from, int count) {
        int[] shape = config.inputShape();
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] flat = new float[count * size];
        for (int i = 0; i < count; i++) {
            if (rows[from + i].length != size) {
                throw new InvalidInputException("input " + (from + i) + " has " + rows[from + i].length
                        + " values, the captioner reads " + size + " " + Arrays.toString(shape));
            }
            System.arraycopy(rows[from + i], 0, flat, i * size, size);
        }
        long[] dims = new long[shape.length + 1];
        dims[0] = count;
        for (int k = 0; k < shape.length; k++) {
            dims[k + 1] = shape[k];
        }
        return manager.create(flat, new Shape(dims));
    }

    /** Captions for inputs [n][inputShape...] (flattened rows), in batches, by beam search (width 1: greedy). */
    public String[] caption(float[][] inputs, BeamSearch search) {
        String[] out = new String[inputs.length];
        for (int start = 0; start < inputs.length; start += 256) {
            int b = Math.min(256, inputs.length - start);
            try (NoGrad noGrad = NoGrad.enter(); NDManager chunk = p.manager().newSubManager()) {
                NDArray context = context(inputArray(chunk, inputs, start, b), false);
                BeamSearch.Hypothesis[] best = search.search(b, CaptionVocabulary.BOS, CaptionVocabulary.EOS,
                        (sources, tokens) -> nextLogProbs(chunk, context, sources, tokens));
                for (int i = 0; i < b; i++) {
                    out[start + i] = vocabulary.decode(best[i].tokens());
                }
            }
        }
        return out;
    }

    private float[][] nextLogProbs(NDManager chunk, NDArray context, int[] sources, int[][] tokens) {
        try (NDManager step = chunk.newSubManager()) {
            int t = tokens[0].length;
            long[] ids = new long[sources.length * t];
            for (int r = 0; r < sources.length; r++) {
                for (int k = 0; k < t; k++) {
                    ids[r * t + k] = tokens[r][k];
                }
            }
            NDArray rows = Index.rows(context, sources);
            rows.attach(step);
            NDArray logits = tokenLogits(rows, step.create(ids, new Shape(sources.length, t)));
            float[] last = logits.get(":, -1, :").logSoftmax(1).toFloatArray();
            int v = vocabulary.size();
            float[][] out = new float[sources.length][];
            for (int r = 0; r < sources.length; r++) {
                out[r] = Arrays.copyOfRange(last, r * v, (r + 1) * v);
            }
            return out;
        }
    }

    @Override
    public NDManager manager() {
        return p.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return p.all();
    }

    @Override
    public List<Boolean> decayMask() {
        return p.decayMask();
    }

    public long parameterCount() {
        return p.count();
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        p.save(out);
    }

    @Override
    public void load(DataInputStream in, String source) {
        p.load(in, source);
    }

    /** Writes decoder.json, vocabulary.json and weights.bin into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG_FILE).toFile(), config);
        vocabulary.save(dir.resolve(VOCABULARY_FILE));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(WEIGHTS_FILE))))) {
            save(out);
        }
    }

    /** Reads a captioner written by {@link #save(Path)}. */
    public static Captioner load(Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException(dir + " is not a decoder model directory: it lacks " + CONFIG_FILE
                    + " (write one with 'c4j train decoder')");
        }
        DecoderConfig config;
        try {
            config = JSON.readValue(configFile.toFile(), DecoderConfig.class);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        return Trainable.readWeights(create(config, CaptionVocabulary.load(dir.resolve(VOCABULARY_FILE)), 0), dir.resolve(WEIGHTS_FILE));
    }

    @Override
    public void close() {
        p.close();
    }
}
