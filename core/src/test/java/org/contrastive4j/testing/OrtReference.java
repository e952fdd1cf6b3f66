package org.contrastive4j.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * ONNX Runtime running an ONNX export of a BERT encoder (by default the embedded
 * all-MiniLM-L6-v2 file): the reference the DJL encoder must match. Pooling (mean or CLS) and L2
 * normalisation are done here in double precision, as langchain4j does after its session.
 */
public final class OrtReference implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final boolean cls;

    public OrtReference() throws IOException, OrtException {
        this(embeddedMiniLm(), false);
    }

    /** A session on {@code model} (the ONNX file's bytes), pooling by the first token when {@code cls}, else by the mean. */
    public OrtReference(byte[] model, boolean cls) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        session = env.createSession(model, options);
        this.cls = cls;
    }

    private static byte[] embeddedMiniLm() throws IOException {
        try (InputStream in = OrtReference.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            return in.readAllBytes();
        }
    }

    /** Pooled, L2-normalised sentence embeddings for padded token ids [B][L]. */
    public float[][] embed(long[][] tokens) throws OrtException {
        int b = tokens.length;
        int len = 0;
        for (long[] t : tokens) {
            len = Math.max(len, t.length);
        }
        long[][] ids = new long[b][len];
        long[][] mask = new long[b][len];
        long[][] types = new long[b][len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(tokens[i], 0, ids[i], 0, tokens[i].length);
            java.util.Arrays.fill(mask[i], 0, tokens[i].length, 1);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
        if (session.getInputNames().contains("token_type_ids")) {
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
        }
        try (OrtSession.Result result = session.run(inputs)) {
            float[][][] states = (float[][][]) result.get(0).getValue();
            float[][] out = new float[b][];
            for (int i = 0; i < b; i++) {
                int d = states[i][0].length;
                double[] sum = new double[d];
                int pooled = cls ? 1 : tokens[i].length;
                for (int t = 0; t < pooled; t++) {
                    for (int k = 0; k < d; k++) {
                        sum[k] += states[i][t][k];
                    }
                }
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    sum[k] /= pooled;
                    norm += sum[k] * sum[k];
                }
                out[i] = new float[d];
                for (int k = 0; k < d; k++) {
                    out[i][k] = (float) (sum[k] / Math.sqrt(norm));
                }
            }
            return out;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
