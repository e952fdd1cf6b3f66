package org.contrastive4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Differentiable selection of rows and of one entry per row, by indices computed on the Java side. */
public final class Index {
    private Index() {}

    /** {@code x[i, columns[i]]} for each row i of a 2-D array: [N]. */
    public static NDArray pick(NDArray x, int[] columns) {
        NDArray index = longs(x.getManager(), columns).reshape(columns.length, 1);
        return x.gather(index, 1).reshape(columns.length);
    }

    /** The rows {@code x[rows[r]]} of an array of any rank, in the order given. */
    public static NDArray rows(NDArray x, int[] rows) {
        long[] shape = x.getShape().getShape().clone();
        long rowSize = x.getShape().size() / shape[0];
        long[] idx = new long[Math.toIntExact(rows.length * rowSize)];
        for (int r = 0; r < rows.length; r++) {
            java.util.Arrays.fill(idx, (int) (r * rowSize), (int) ((r + 1) * rowSize), rows[r]);
        }
        shape[0] = rows.length;
        NDArray flat = x.reshape(x.getShape().get(0), rowSize);
        NDArray index = x.getManager().create(idx).reshape(rows.length, rowSize);
        return flat.gather(index, 0).reshape(shape);
    }

    /** 0, 1, ..., n-1: the targets of a matched [n][n] logit matrix (the diagonal). */
    public static int[] diagonal(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    private static NDArray longs(NDManager manager, int[] values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i];
        }
        return manager.create(v);
    }
}
