package org.contrastive4j.serve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/** What the routes do to vectors before answering: L2 normalisation, Matryoshka truncation, base64 of float32. */
final class ServedVectors {
    private ServedVectors() {}

    static float[][] normalized(float[][] v) {
        float[][] out = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            double norm = 0;
            for (float x : v[i]) {
                norm += (double) x * x;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            out[i] = new float[v[i].length];
            for (int k = 0; k < v[i].length; k++) {
                out[i][k] = v[i][k] * scale;
            }
        }
        return out;
    }

    /** The first {@code d} dimensions of each vector (renormalise afterwards). */
    static float[][] truncated(float[][] v, int d) {
        float[][] out = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = Arrays.copyOf(v[i], d);
        }
        return out;
    }

    /** Little-endian float32 bytes in base64, what OpenAI's clients decode when they ask for {@code encoding_format: base64}. */
    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
