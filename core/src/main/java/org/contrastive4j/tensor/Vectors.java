package org.contrastive4j.tensor;

/** Small dense-vector helpers on float arrays (scoring outside NDArrays: search, evaluation, reports). */
public final class Vectors {
    private Vectors() {}

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** The vector scaled to unit L2 norm (norms below 1e-12 are clamped, as F.normalize). */
    public static double[] unit(float[] v) {
        double n = Math.max(Math.sqrt(dot(v, v)), 1e-12);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / n;
        }
        return u;
    }

    /** {@link #unit} in float. */
    public static float[] normalized(float[] v) {
        double[] u = unit(v);
        float[] out = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = (float) u[i];
        }
        return out;
    }

    /**
     * Matryoshka truncation: the first {@code dimensions} components of each vector, L2-normalised
     * again (sentence-transformers' {@code truncate_dim}, OpenAI's {@code dimensions}).
     */
    public static float[][] truncated(float[][] vectors, int dimensions) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            if (dimensions < 1 || dimensions > vectors[i].length) {
                throw org.contrastive4j.InvalidInputException.parameter("dimensions", "must be between 1 and the vectors' "
                        + vectors[i].length + ", got " + dimensions);
            }
            out[i] = normalized(java.util.Arrays.copyOf(vectors[i], dimensions));
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.max(Math.sqrt(dot(a, a) * dot(b, b)), 1e-24);
    }
}
