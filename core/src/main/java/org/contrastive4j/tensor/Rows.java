package org.contrastive4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Copies rows of floats ([n][d] Java arrays) into an [n][d] NDArray. */
public final class Rows {
    private Rows() {}

    public static NDArray of(NDManager manager, float[][] rows, int from, int to) {
        int d = to > from ? rows[from].length : 0;
        float[] flat = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, flat, (i - from) * d, d);
        }
        return manager.create(flat, new Shape(to - from, d));
    }

    public static NDArray of(NDManager manager, float[][] rows) {
        return of(manager, rows, 0, rows.length);
    }
}
