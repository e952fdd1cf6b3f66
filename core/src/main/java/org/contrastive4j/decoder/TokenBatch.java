package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * Captions laid out for teacher forcing, padded at the end to the batch's longest:
 * inputs {@code BOS w1 .. wn [CLS]}, targets {@code w1 .. wn EOS [-]}; padding (and CLS) has no
 * target. A caption longer than the decoder's limit is cut to fit (EOS then follows the cut).
 *
 * @param inputs token ids [B][T] (int64)
 * @param targets the target id at each position, row-major [B*T] (PAD where there is none)
 * @param targetWeights 1 where a position has a target, else 0 [B*T]
 * @param targetCount how many positions have a target
 * @param clsPositions where each row's CLS token is (-1 without CLS)
 */
public record TokenBatch(NDArray inputs, int[] targets, NDArray targetWeights, int targetCount, int[] clsPositions) {

    /** Lays out {@code captions}; with {@code withCls} a CLS token follows each caption (CoCa's text embedding). */
    public static TokenBatch of(NDManager manager, CaptionVocabulary vocabulary, List<String> captions, int maxTokens,
                                boolean withCls) {
        int extra = withCls ? 1 : 0;
        int[][] words = new int[captions.size()][];
        int longest = 0;
        for (int i = 0; i < words.length; i++) {
            int[] w = vocabulary.encode(captions.get(i));
            // BOS + words + (EOS as a target) fit in maxTokens positions.
            words[i] = w.length > maxTokens - 2 ? Arrays.copyOf(w, maxTokens - 2) : w;
            longest = Math.max(longest, words[i].length);
        }
        int t = longest + 1 + extra;
        long[] inputs = new long[words.length * t];
        int[] targets = new int[words.length * t];
        float[] weights = new float[words.length * t];
        int[] cls = new int[words.length];
        int count = 0;
        for (int i = 0; i < words.length; i++) {
            int[] w = words[i];
            int row = i * t;
            inputs[row] = CaptionVocabulary.BOS;
            for (int k = 0; k < w.length; k++) {
                inputs[row + 1 + k] = w[k];
                targets[row + k] = w[k];
                weights[row + k] = 1;
            }
            targets[row + w.length] = CaptionVocabulary.EOS;
            weights[row + w.length] = 1;
            count += w.length + 1;
            cls[i] = -1;
            if (withCls) {
                inputs[row + w.length + 1] = CaptionVocabulary.CLS;
                cls[i] = w.length + 1;
            }
        }
        return new TokenBatch(manager.create(inputs, new Shape(words.length, t)), targets,
                manager.create(weights), count, cls);
    }
}
