package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which positions attend to which. A prefix-LM mask (SimVLM) lets the first {@code prefix}
 * positions attend to each other both ways and every later position to the prefix and to
 * itself and earlier positions; a causal mask is the prefix-LM mask with an empty prefix.
 * Captions are padded at the end, so under either mask no real token ever sees padding.
 */
public final class AttentionMask {
    private AttentionMask() {}

    /** allowed[i][j]: may position i attend to position j. */
    public static boolean[][] prefixLm(int prefix, int length) {
        boolean[][] allowed = new boolean[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                allowed[i][j] = j < prefix || j <= i;
            }
        }
        return allowed;
    }

    public static boolean[][] causal(int length) {
        return prefixLm(0, length);
    }

    /** The mask as scores to add [1][1][L][L]: 0 where allowed, the most negative float elsewhere (as HuggingFace). */
    public static NDArray additive(NDManager manager, boolean[][] allowed) {
        int n = allowed.length;
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i * n + j] = allowed[i][j] ? 0 : -Float.MAX_VALUE;
            }
        }
        return manager.create(v, new Shape(1, 1, n, n));
    }
}
