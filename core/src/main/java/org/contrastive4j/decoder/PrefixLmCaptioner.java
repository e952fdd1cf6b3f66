package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * SimVLM's PrefixLM (Wang et al. 2021), small: the image cut into square patches, each
 * linearly embedded, is the prefix of one Transformer whose mask is bidirectional inside the
 * prefix and causal after it; the caption is generated after the prefix. Trained from pixels,
 * with the captioning loss alone.
 */
final class PrefixLmCaptioner extends Captioner {

    PrefixLmCaptioner(DecoderConfig config, CaptionVocabulary vocabulary, long seed) {
        super(config, vocabulary, seed);
        int[] s = config.inputShape();
        TransformerLayers.defineLinear(p, "patch", (long) s[0] * config.patch() * config.patch(), config.width());
        for (int l = 0; l < config.layers(); l++) {
            TransformerLayers.define(p, "dec." + l + ".", config.width(), false);
        }
        TransformerLayers.defineLayerNorm(p, "ln_f", config.width());
    }

    @Override
    protected int decoderPositions() {
        return config.patches() + config.maxTokens() + 1;
    }

    /** Patch embeddings [B][P][d] of images [B][c][h][w], row by row. */
    @Override
    public NDArray context(NDArray inputs, boolean training) {
        return Patches.embed(p, "patch", inputs, config.patch());
    }

    @Override
    public NDArray tokenLogits(NDArray context, NDArray tokens) {
        int prefix = config.patches();
        NDArray positions = context.getManager().arange(0, prefix, 1, DataType.INT64);
        NDArray x = concatSequence(context.add(lookup(positions, "pos")), embedTokens(tokens, prefix));
        NDArray mask = AttentionMask.additive(tokens.getManager(), AttentionMask.prefixLm(prefix, (int) x.getShape().get(1)));
        NDArray states = layers("dec.", config.layers(), x, mask, null);
        return vocabularyLogits(states.get(":, " + prefix + ":, :"));
    }
}
