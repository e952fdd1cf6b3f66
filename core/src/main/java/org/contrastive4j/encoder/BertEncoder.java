package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.precision.Bf16Kernels;
import org.contrastive4j.precision.Precision;
import org.contrastive4j.tensor.Scoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (Devlin et al. 2019) as DJL operations on named parameters, the names and
 * layouts of the HuggingFace checkpoint (Linear weights stored [in][out]):
 *
 * <pre>
 *   x = LN(word[ids] + position[0..L) + type[typeIds]); dropout
 *   per layer:  a = LN(x + dropout(Attention(x) Wo + bo))
 *               x = LN(a + dropout(GELU(a Wi + bi) Wo2 + bo2))
 *   Attention = softmax(Q K^T / sqrt(d_head) + mask) V, per head; masked keys get float32's minimum
 * </pre>
 *
 * Dropout acts in training mode only. Every parameter takes gradients.
 */
public final class BertEncoder implements AutoCloseable {
    private final BertConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private volatile Precision precision = Precision.processDefault();

    /** Takes ownership of {@code parameters}, which must live in {@code manager}. */
    public BertEncoder(BertConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = parameters;
        for (String name : expectedNames(config)) {
            if (!parameters.containsKey(name)) {
                throw new InvalidInputException("the weights lack '" + name + "' needed by a " + config.layers()
                        + "-layer BERT encoder");
            }
        }
        parameters.values().forEach(p -> p.setRequiresGradient(true));
    }

    public BertConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** The parameters by name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The six Linear layers of each encoder layer, by the name their weight and bias share. */
    static final String[] LINEARS = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};

    /** Whether {@code name} is a Linear weight, stored [in][out] here and [out][in] by PyTorch. */
    public static boolean isLinearWeight(String name) {
        if (!name.startsWith("encoder.layer.") || !name.endsWith(".weight")) {
            return false;
        }
        for (String l : LINEARS) {
            if (name.endsWith("." + l + ".weight")) {
                return true;
            }
        }
        return false;
    }

    /** The shape {@code name} has in this encoder (Linear weights [in][out]). */
    public static long[] expectedShape(BertConfig c, String name) {
        long h = c.hidden();
        if (name.equals("embeddings.word_embeddings.weight")) {
            return new long[] {c.vocabSize(), h};
        } else if (name.equals("embeddings.position_embeddings.weight")) {
            return new long[] {c.maxPositions(), h};
        } else if (name.equals("embeddings.token_type_embeddings.weight")) {
            return new long[] {c.typeVocabSize(), h};
        } else if (name.endsWith("intermediate.dense.weight")) {
            return new long[] {h, c.intermediate()};
        } else if (name.endsWith("intermediate.dense.bias")) {
            return new long[] {c.intermediate()};
        } else if (name.endsWith("output.dense.weight") && !name.contains("attention")) {
            return new long[] {c.intermediate(), h};
        } else if (isLinearWeight(name)) {
            return new long[] {h, h};
        }
        return new long[] {h};
    }

    /** The names a {@code config}-shaped encoder needs. */
    public static List<String> expectedNames(BertConfig config) {
        List<String> names = new ArrayList<>(List.of("embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
        for (int l = 0; l < config.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String s : LINEARS) {
                names.add(p + s + ".weight");
                names.add(p + s + ".bias");
            }
            for (String s : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                names.add(p + s + ".weight");
                names.add(p + s + ".bias");
            }
        }
        return names;
    }

    /**
     * The last layer's token states [B][L][hidden].
     *
     * @param ids token ids [B][L] (int64)
     * @param typeIds segment ids [B][L] (int64)
     * @param mask 1 for real tokens, 0 for padding [B][L] (int64)
     */
    public NDArray tokenStates(NDArray ids, NDArray typeIds, NDArray mask, boolean training) {
        return statesAfter(ids, typeIds, mask, config.layers(), training);
    }

    /** The token states [B][L][hidden] after the embeddings and the first {@code layers} layers. */
    public NDArray statesAfter(NDArray ids, NDArray typeIds, NDArray mask, int layers, boolean training) {
        long b = ids.getShape().get(0);
        long len = ids.getShape().get(1);
        if (len > config.maxTokens()) {
            throw new InvalidInputException("sequence of " + len + " tokens exceeds the model's " + config.maxTokens() + " positions");
        }
        // Every operation starts from the step's arrays (ids, positions), never from a parameter:
        // DJL attaches a result to its first operand's manager, and the parameters' manager lives on.
        int offset = config.positionOffset();
        NDArray positions = ids.getManager().arange(offset, offset + (int) len, 1, DataType.INT64).broadcast(b, len);
        NDArray x = lookup(ids, "embeddings.word_embeddings.weight")
                .add(lookup(positions, "embeddings.position_embeddings.weight"))
                .add(lookup(typeIds, "embeddings.token_type_embeddings.weight"));
        x = dropout(layerNorm(x, "embeddings.LayerNorm"), training);
        return continueFrom(x, mask, 0, layers, training);
    }

    /**
     * Runs layers {@code from} (inclusive) to {@code to} (exclusive) on token states [B][L][hidden]:
     * with {@link #statesAfter} it splits the encoder where its frozen part ends.
     */
    public NDArray continueFrom(NDArray states, NDArray mask, int from, int to, boolean training) {
        if (from < 0 || to > config.layers() || from > to) {
            throw new IllegalArgumentException("layers " + from + ".." + to + " of " + config.layers());
        }
        long b = states.getShape().get(0);
        long len = states.getShape().get(1);
        // Additive mask [B][1][1][L]: 0 for tokens, the most negative float for padding (as HuggingFace).
        NDArray additive = mask.toType(DataType.FLOAT32, false).neg().add(1).mul(-Float.MAX_VALUE).reshape(b, 1, 1, len);
        NDArray x = states;
        for (int l = from; l < to; l++) {
            String prefix = "encoder.layer." + l + ".";
            x = Scoped.layer(x, in -> layer(in, additive, prefix, training));
        }
        return x;
    }

    /** L2-normalised sentence embeddings [B][hidden], pooled as the config says. */
    public NDArray embed(NDArray ids, NDArray typeIds, NDArray mask, boolean training) {
        return pool(tokenStates(ids, typeIds, mask, training), mask);
    }

    /** Pools last-layer token states [B][L][hidden] over the mask and L2-normalises. */
    public NDArray pool(NDArray states, NDArray mask) {
        return pooled(states, mask).normalize(2, 1, 1e-12);
    }

    /**
     * Pools last-layer token states [B][L][hidden] over the mask as the config says, as
     * sentence-transformers' Pooling module does (no normalisation). Sequences are right-padded.
     */
    public NDArray pooled(NDArray states, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
        return switch (config.pooling()) {
            case CLS -> states.get(":, 0, :");
            case MEAN -> states.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
            case MEAN_SQRT_LEN -> states.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f).sqrt());
            // padding set to -1e9 first, as sentence-transformers does
            case MAX -> states.mul(m).add(m.neg().add(1).mul(-1e9f)).max(new int[] {1});
            case LAST_TOKEN -> {
                NDArray count = m.sum(new int[] {1}, true);
                NDArray last = m.cumSum(1).eq(count).logicalAnd(m.gt(0)).toType(DataType.FLOAT32, false);
                yield states.mul(last).sum(new int[] {1});
            }
        };
    }

    private NDArray layer(NDArray x, NDArray additiveMask, String prefix, boolean training) {
        long b = x.getShape().get(0);
        long len = x.getShape().get(1);
        int heads = config.heads();
        int d = config.headSize();
        NDArray q = heads(linear(x, prefix + "attention.self.query"), b, len, heads, d);
        NDArray k = heads(linear(x, prefix + "attention.self.key"), b, len, heads, d);
        NDArray v = heads(linear(x, prefix + "attention.self.value"), b, len, heads, d);
        NDArray scores = matMul(q, k.transpose(0, 1, 3, 2)).div(Math.sqrt(d)).add(additiveMask);
        NDArray probs = dropout(scores.softmax(3), training);
        NDArray context = matMul(probs, v).transpose(0, 2, 1, 3).reshape(b, len, config.hidden());
        NDArray attended = layerNorm(dropout(linear(context, prefix + "attention.output.dense"), training).add(x),
                prefix + "attention.output.LayerNorm");
        return layerNorm(dropout(feedForward(attended, prefix), training).add(attended), prefix + "output.LayerNorm");
    }

    private NDArray lookup(NDArray indices, String table) {
        return Embedding.embedding(indices, p(table), SparseFormat.DENSE).singletonOrThrow();
    }

    private static NDArray heads(NDArray x, long b, long len, int heads, int d) {
        return x.reshape(b, len, heads, d).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String name) {
        if (precision == Precision.BF16) {
            return Bf16Kernels.get().linear(x, p(name + ".weight"), p(name + ".bias"));
        }
        return x.matMul(p(name + ".weight")).add(p(name + ".bias"));
    }

    private NDArray feedForward(NDArray x, String prefix) {
        String in = prefix + "intermediate.dense";
        String out = prefix + "output.dense";
        if (precision == Precision.BF16) {
            return Bf16Kernels.get().feedForward(x, p(in + ".weight"), p(in + ".bias"), p(out + ".weight"), p(out + ".bias"));
        }
        return linear(Activation.gelu(linear(x, in)), out);
    }

    private NDArray matMul(NDArray a, NDArray b) {
        return precision == Precision.BF16 ? Bf16Kernels.get().matMul(a, b) : a.matMul(b);
    }

    /**
     * The format of the encoder's matrix products from now on: {@link Precision#BF16} runs the six
     * Linear layers and both attention products of every layer in bfloat16 (float32 in and out,
     * weights kept in float32, gradients float32), embeddings, norms, softmax and pooling in float32.
     */
    public void setPrecision(Precision precision) {
        this.precision = precision;
    }

    public Precision precision() {
        return precision;
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), p(name + ".weight"), p(name + ".bias"),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && config.dropout() > 0 ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    /**
     * Replaces every parameter by the array of the same name in {@code weights} (copied into this
     * encoder's manager); a missing name or another shape is an InvalidInputException naming {@code source}.
     */
    public void replaceParameters(NDList weights, String source) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : weights) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray a = byName.get(e.getKey());
            if (a == null) {
                throw new InvalidInputException(source + " lacks the weight '" + e.getKey() + "'");
            }
            if (!a.getShape().equals(e.getValue().getShape())) {
                throw new InvalidInputException(source + ": weight '" + e.getKey() + "' has shape " + a.getShape()
                        + ", the model needs " + e.getValue().getShape());
            }
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            // A real copy: decoded arrays may share a buffer that their manager frees.
            NDArray a = byName.get(e.getKey());
            NDArray copy = manager.create(a.toType(DataType.FLOAT32, false).toFloatArray(), a.getShape());
            copy.setRequiresGradient(true);
            e.getValue().close();
            e.setValue(copy);
        }
    }

    /** The parameters as one list (names set on each array), e.g. for safetensors. */
    public NDList parameterList() {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            e.getValue().setName(e.getKey());
            list.add(e.getValue());
        }
        return list;
    }

    /**
     * Builds an encoder from tensors by name in this encoder's layout (Linear weights [in][out]),
     * copied into a new manager; a missing weight or one of another shape than {@code config}
     * implies is an InvalidInputException naming {@code source}. Other tensors are ignored.
     */
    public static BertEncoder of(BertConfig config, Map<String, Safetensors.Tensor> weights, String source) {
        NDManager manager = org.contrastive4j.tensor.Devices.newManager();
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (String name : expectedNames(config)) {
                Safetensors.Tensor t = weights.get(name);
                if (t == null) {
                    throw new InvalidInputException(source + " lacks the weight '" + name + "' needed by a " + config.layers()
                            + "-layer " + config.modelType() + " encoder");
                }
                long[] expected = expectedShape(config, name);
                if (!java.util.Arrays.equals(t.shape(), expected)) {
                    throw new InvalidInputException(source + ": weight '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                            + ", the configuration needs " + java.util.Arrays.toString(expected));
                }
                params.put(name, manager.create(t.values(), new Shape(t.shape())));
            }
            return new BertEncoder(config, manager, params);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
