package org.contrastive4j.decoder;

import org.contrastive4j.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The shape of a captioner.
 *
 * @param kind which model: see {@link Kind}
 * @param width model width d; {@code heads} must divide it
 * @param layers decoder layers (CoCa: the first half unimodal, the rest multimodal)
 * @param maxTokens longest token sequence, BOS and EOS included; longer captions are cut
 * @param prefixTokens prefix vectors the mapping network makes (prefix, zeroshot)
 * @param inputShape what one input is: {joint} for an embedding, {c, h, w} for pixels
 * @param patch side of the square image patches (prefixlm, coca)
 * @param imageLayers CoCa's image encoder layers
 * @param jointDim CoCa's contrastive embedding size
 * @param noiseStd Gaussian noise on the text embedding while training (zeroshot)
 * @param contrastiveWeight CoCa's weight on the contrastive loss
 * @param captionWeight CoCa's weight on the captioning loss
 */
public record DecoderConfig(Kind kind, int width, int layers, int heads, int maxTokens, int prefixTokens, int[] inputShape,
                            int patch, int imageLayers, int jointDim, double noiseStd, double contrastiveWeight,
                            double captionWeight) {

    /** The four decoders of seeds 003 and 004. */
    public enum Kind {
        /** ClipCap: a mapping MLP turns a frozen CLIP image embedding into prefix vectors for a causal decoder. */
        PREFIX,
        /** CapDec: the prefix decoder trained on noisy CLIP text embeddings only, fed image embeddings at test time. */
        ZEROSHOT,
        /** CoCa: an image encoder, a unimodal text decoder and a multimodal decoder, contrastive + captioning losses. */
        COCA,
        /** SimVLM: image patches as a bidirectional prefix, the caption generated causally after it, one Transformer. */
        PREFIXLM;

        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("unknown decoder kind '" + name + "': use prefix, zeroshot, coca or prefixlm");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether it reads frozen CLIP embeddings (else raw pixels). */
        public boolean usesClip() {
            return this == PREFIX || this == ZEROSHOT;
        }
    }

    public DecoderConfig {
        if (width < 1 || heads < 1 || width % heads != 0) {
            throw InvalidInputException.parameter("width", "must be a positive multiple of heads (" + heads + "), got " + width);
        }
        if (layers < (kind == Kind.COCA ? 2 : 1)) {
            throw InvalidInputException.parameter("layers", "must be at least " + (kind == Kind.COCA ? 2 : 1) + ", got " + layers);
        }
        if (maxTokens < 3) {
            throw new InvalidInputException("captions need at least 3 tokens (BOS, a word, EOS), got " + maxTokens);
        }
        if (kind.usesClip() && (inputShape.length != 1 || prefixTokens < 1)) {
            throw new InvalidInputException("a " + kind.label() + " decoder reads one embedding through at least one prefix vector");
        }
        if (!kind.usesClip() && (inputShape.length != 3 || patch < 1 || inputShape[1] % patch != 0 || inputShape[2] % patch != 0)) {
            throw InvalidInputException.parameter("patch", "must divide the image sides " + Arrays.toString(inputShape) + ", got " + patch);
        }
        if (!(noiseStd >= 0) || !(contrastiveWeight >= 0) || !(captionWeight >= 0)) {
            throw new InvalidInputException("noise and loss weights must be non-negative");
        }
    }

    /** Image patches of a pixel input. */
    public int patches() {
        return inputShape.length == 3 ? (inputShape[1] / patch) * (inputShape[2] / patch) : 0;
    }
}
