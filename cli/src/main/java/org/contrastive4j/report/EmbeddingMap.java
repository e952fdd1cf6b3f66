package org.contrastive4j.report;

import smile.manifold.TSNE;
import smile.math.MathEx;

/** A 2-D map of embeddings by t-SNE (van der Maaten and Hinton 2008), Smile's implementation. */
public final class EmbeddingMap {
    private EmbeddingMap() {}

    /** t-SNE coordinates [n][2] of L2-normalised features; {@code seed} fixes the layout. */
    public static double[][] tsne(float[][] features, long seed) {
        double[][] x = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            double norm = 0;
            for (float v : features[i]) {
                norm += v * v;
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            x[i] = new double[features[i].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = features[i][j] / norm;
            }
        }
        MathEx.setSeed(seed);
        return new TSNE(x, 2, 30, 200, 750).coordinates;
    }
}
