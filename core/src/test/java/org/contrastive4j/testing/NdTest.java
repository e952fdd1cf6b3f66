package org.contrastive4j.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for tests on NDArrays: a fresh manager per test, float64 helpers. */
public abstract class NdTest {
    protected NDManager manager;
    protected final RandomInputs random = new RandomInputs(42);

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    protected NDArray nd(double[] flat, long... shape) {
        return manager.create(flat, new Shape(shape));
    }

    protected NDArray nd(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return nd(flat, n, d);
    }

    protected static double value(NDArray x) {
        return x.toType(DataType.FLOAT64, false).getDouble();
    }

    protected static double[][] m(double[] flat, int rows, int cols) {
        return Reference.matrix(flat, rows, cols);
    }

    protected static double[][][] m3(double[] flat, int a, int b, int c) {
        double[][][] t = new double[a][b][c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(flat, (i * b + j) * c, t[i][j], 0, c);
            }
        }
        return t;
    }
}
