package org.contrastive4j.serve;

import org.contrastive4j.tensor.Vectors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/** What the routes do to vectors before answering: L2 normalisation, base64 of float32. */
final class ServedVectors {
    private ServedVectors() {}

    static float[][] normalized(float[][] v) {
        return Arrays.stream(v).map(Vectors::normalized).toArray(float[][]::new);
    }

    /** Little-endian float32 bytes in base64, what OpenAI's clients decode when they ask for {@code encoding_format: base64}. */
    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
