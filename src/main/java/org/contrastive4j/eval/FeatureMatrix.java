package org.contrastive4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Copies row-major feature rows into an NDArray. */
final class FeatureMatrix {
    private FeatureMatrix() {}

    static NDArray of(NDManager manager, float[][] rows, int from, int to) {
        int d = rows[0].length;
        float[] flat = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, flat, (i - from) * d, d);
        }
        return manager.create(flat, new Shape(to - from, d));
    }

    static NDArray of(NDManager manager, float[][] rows) {
        return of(manager, rows, 0, rows.length);
    }
}
