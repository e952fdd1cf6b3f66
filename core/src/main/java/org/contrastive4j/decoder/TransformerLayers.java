package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;

/**
 * Pre-norm Transformer layers (GPT-2 style) over named {@link Parameters}: self-attention under
 * an additive mask, optional cross-attention to a memory (CoCa's multimodal layers), and a
 * 4x GELU MLP, each added to the residual stream. Every operation starts from the step's
 * arrays, never from a weight: DJL puts a result in its first operand's manager.
 */
public final class TransformerLayers {
    private static final float LAYER_NORM_EPS = 1e-5f;

    private TransformerLayers() {}

    /** Creates the weights of one layer named {@code prefix}. */
    public static void define(Parameters p, String prefix, int width, boolean crossAttention) {
        defineLayerNorm(p, prefix + "ln1", width);
        defineAttention(p, prefix + "attn.", width);
        if (crossAttention) {
            defineLayerNorm(p, prefix + "ln_cross", width);
            defineAttention(p, prefix + "cross.", width);
        }
        defineLayerNorm(p, prefix + "ln2", width);
        defineLinear(p, prefix + "fc1", width, 4L * width);
        defineLinear(p, prefix + "fc2", 4L * width, width);
    }

    public static void defineLinear(Parameters p, String name, long in, long out) {
        p.normal(name + ".weight", in, out);
        p.zeros(name + ".bias", out);
    }

    public static void defineLayerNorm(Parameters p, String name, long width) {
        p.ones(name + ".weight", width);
        p.zeros(name + ".bias", width);
    }

    private static void defineAttention(Parameters p, String prefix, int width) {
        for (String w : new String[] {"q", "k", "v", "o"}) {
            defineLinear(p, prefix + w, width, width);
        }
    }

    /**
     * One layer on x [B][L][d]: {@code x + attn(ln1 x)}, then {@code + cross(ln_cross x, memory)}
     * when memory [B][M][d] is given, then {@code + mlp(ln2 x)}. mask is additive [1][1][L][L] or null.
     */
    public static NDArray apply(Parameters p, String prefix, NDArray x, NDArray mask, NDArray memory, int heads) {
        NDArray h = layerNorm(p, prefix + "ln1", x);
        x = x.add(attention(p, prefix + "attn.", h, h, mask, heads));
        if (memory != null) {
            x = x.add(attention(p, prefix + "cross.", layerNorm(p, prefix + "ln_cross", x), memory, null, heads));
        }
        NDArray inner = Activation.gelu(linear(p, prefix + "fc1", layerNorm(p, prefix + "ln2", x)));
        return x.add(linear(p, prefix + "fc2", inner));
    }

    /** Multi-head scaled dot-product attention of queries from q [B][L][d] over keys and values from kv [B][M][d]. */
    static NDArray attention(Parameters p, String prefix, NDArray q, NDArray kv, NDArray mask, int heads) {
        long b = q.getShape().get(0);
        long len = q.getShape().get(1);
        long memory = kv.getShape().get(1);
        long width = q.getShape().get(2);
        long d = width / heads;
        NDArray queries = split(linear(p, prefix + "q", q), b, len, heads, d);
        NDArray keys = split(linear(p, prefix + "k", kv), b, memory, heads, d);
        NDArray values = split(linear(p, prefix + "v", kv), b, memory, heads, d);
        NDArray scores = queries.matMul(keys.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray context = scores.softmax(3).matMul(values).transpose(0, 2, 1, 3).reshape(b, len, width);
        return linear(p, prefix + "o", context);
    }

    private static NDArray split(NDArray x, long b, long len, int heads, long d) {
        return x.reshape(b, len, heads, d).transpose(0, 2, 1, 3);
    }

    public static NDArray linear(Parameters p, String name, NDArray x) {
        return x.matMul(p.get(name + ".weight")).add(p.get(name + ".bias"));
    }

    public static NDArray layerNorm(Parameters p, String name, NDArray x) {
        long width = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(width), p.get(name + ".weight"), p.get(name + ".bias"), LAYER_NORM_EPS)
                .singletonOrThrow();
    }
}
