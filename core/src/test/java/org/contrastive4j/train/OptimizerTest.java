package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** AdamW and SGD against hand-computed first steps, with a learning rate per parameter. */
class OptimizerTest {

    @Test
    void adamWFirstStepMovesEachParameterByItsOwnRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, -2f});
            NDArray b = m.create(new float[] {3f});
            NDArray ga = m.create(new float[] {0.5f, -4f});
            NDArray gb = m.create(new float[] {2f});
            new AdamW(m, 0.1).step(List.of(a, b), List.of(ga, gb), List.of(true, false), new double[] {0.01, 0.001}, m);
            // First Adam step: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g);
            // decoupled decay first multiplies a by (1 - lr * wd).
            assertArrayEquals(new float[] {(float) (1 * (1 - 0.001) - 0.01), (float) (-2 * (1 - 0.001) + 0.01)}, a.toFloatArray(), 1e-6f);
            assertEquals(3f - 0.001f, b.toFloatArray()[0], 1e-6f);
        }
    }

    @Test
    void sgdFirstStepIsRateTimesGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f});
            NDArray b = m.create(new float[] {1f});
            NDArray g = m.create(new float[] {2f});
            new SgdMomentum(m, 0.9, 0).step(List.of(a, b), List.of(g, g), List.of(false, false), new double[] {0.1, 0.0}, m);
            assertEquals(0.8f, a.toFloatArray()[0], 1e-6f);
            assertEquals(1f, b.toFloatArray()[0], 0f);
        }
    }
}
