package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * ClipCap's prefix decoder (Mokady et al. 2021), and CapDec's zero-shot variant (Nukrai et al.
 * 2022). A mapping MLP (joint -> k*d/2 -> k*d, tanh between) turns a frozen CLIP embedding into k
 * prefix vectors; a causal decoder reads them, then writes the caption. The zero-shot kind is
 * trained on CLIP text embeddings of the captions with Gaussian noise N(0, noiseStd^2) added to
 * each coordinate, so at test time it can read an image embedding, which lies near but not on
 * the text embeddings (the modality gap).
 */
final class PrefixCaptioner extends Captioner {

    PrefixCaptioner(DecoderConfig config, CaptionVocabulary vocabulary, long seed) {
        super(config, vocabulary, seed);
        long k = config.prefixTokens();
        long d = config.width();
        TransformerLayers.defineLinear(p, "map1", config.inputShape()[0], k * d / 2);
        TransformerLayers.defineLinear(p, "map2", k * d / 2, k * d);
        for (int l = 0; l < config.layers(); l++) {
            TransformerLayers.define(p, "dec." + l + ".", config.width(), false);
        }
        TransformerLayers.defineLayerNorm(p, "ln_f", d);
    }

    @Override
    protected int decoderPositions() {
        return config.prefixTokens() + config.maxTokens() + 1;
    }

    @Override
    public NDArray context(NDArray inputs, boolean training) {
        NDArray x = inputs;
        if (training && config.kind() == DecoderConfig.Kind.ZEROSHOT && config.noiseStd() > 0) {
            x = x.add(x.getManager().randomNormal(0, (float) config.noiseStd(), x.getShape(), DataType.FLOAT32));
        }
        NDArray hidden = TransformerLayers.linear(p, "map1", x).tanh();
        return TransformerLayers.linear(p, "map2", hidden).reshape(x.getShape().get(0), config.prefixTokens(), config.width());
    }

    @Override
    public NDArray tokenLogits(NDArray context, NDArray tokens) {
        int k = config.prefixTokens();
        NDArray x = concatSequence(context.add(positionsOfPrefix(context)), embedTokens(tokens, k));
        NDArray mask = AttentionMask.additive(tokens.getManager(), AttentionMask.causal((int) x.getShape().get(1)));
        NDArray states = layers("dec.", config.layers(), x, mask, null);
        return vocabularyLogits(states.get(":, " + k + ":, :"));
    }

    private NDArray positionsOfPrefix(NDArray context) {
        NDArray positions = context.getManager().arange(0, config.prefixTokens(), 1, DataType.INT64);
        return lookup(positions, "pos");
    }
}
