package org.contrastive4j.eval;

import org.contrastive4j.tensor.Vectors;

/**
 * Alignment and uniformity of L2-normalised representations (Wang and Isola 2020,
 * "Understanding Contrastive Representation Learning through Alignment and Uniformity on the
 * Hypersphere"):
 *
 * <pre>
 *   alignment  = E_{(x, x+)} ||f(x) - f(x+)||^2          (lower: positives closer)
 *   uniformity = log E_{x, y} exp(-2 ||f(x) - f(y)||^2)  (lower: more spread over the sphere)
 * </pre>
 */
public final class AlignmentUniformity {
    private AlignmentUniformity() {}

    /** Mean squared distance between row i of {@code a} and row i of {@code b}, after normalisation. */
    public static double alignment(float[][] a, float[][] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double[] x = Vectors.unit(a[i]);
            double[] y = Vectors.unit(b[i]);
            total += squaredDistance(x, y);
        }
        return total / a.length;
    }

    /** log of the mean of exp(-2 ||u - v||^2) over all pairs of distinct rows, computed stably. */
    public static double uniformity(float[][] features) {
        int n = features.length;
        double[][] u = new double[n][];
        for (int i = 0; i < n; i++) {
            u[i] = Vectors.unit(features[i]);
        }
        // Every term is at most 1 (exponent <= 0) and at least exp(-8), so a plain sum is stable.
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += Math.exp(-2 * squaredDistance(u[i], u[j]));
                pairs++;
            }
        }
        return Math.log(sum / pairs);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
