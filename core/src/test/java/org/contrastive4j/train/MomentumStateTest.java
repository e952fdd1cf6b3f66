package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** MoCo's key queue and the EMA update of momentum encoders. */
class MomentumStateTest {

    @Test
    void queueIsFifoAndWrapsAround() {
        try (NDManager manager = NDManager.newBaseManager()) {
            KeyQueue queue = new KeyQueue(manager, 5, 2, 0);
            float[] initial = queue.keys().toFloatArray();
            queue.enqueue(manager.create(new float[] {1, 1, 2, 2, 3, 3}, new Shape(3, 2)));
            assertEquals(3, queue.pointer());
            queue.enqueue(manager.create(new float[] {4, 4, 5, 5, 6, 6}, new Shape(3, 2)));
            assertEquals(1, queue.pointer(), "3 + 3 wraps to 1 in a queue of 5");
            // Slots 0..4 now hold 6, 2, 3, 4, 5: the oldest key (1) was overwritten first.
            assertArrayEquals(new float[] {6, 6, 2, 2, 3, 3, 4, 4, 5, 5}, queue.keys().toFloatArray());
            assertEquals(10, initial.length);
            try (NDManager scratch = manager.newSubManager()) {
                KeyQueue copy = new KeyQueue(manager, 5, 2, 1);
                copy.restore(queue.state(scratch), "test");
                assertArrayEquals(queue.keys().toFloatArray(), copy.keys().toFloatArray());
                assertEquals(1, copy.pointer());
            }
        }
    }

    @Test
    void emaMatchesTheFormulaExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.create(new float[] {1, 2, 3});
            NDArray source = manager.create(new float[] {-1, 0, 5});
            source.setRequiresGradient(true);
            try (NDManager step = manager.newSubManager()) {
                Ema.update(List.of(target), List.of(source), 0.9f, step);
            }
            float m = 0.9f;
            float[] expected = {m * 1 + (1 - m) * -1, m * 2 + (1 - m) * 0, m * 3 + (1 - m) * 5};
            assertArrayEquals(expected, target.toFloatArray(), 1e-6f);
        }
        assertEquals(0.996, Ema.cosineMomentum(0.996, 0, 100), 1e-12);
        assertEquals(1.0, Ema.cosineMomentum(0.996, 100, 100), 1e-12);
        assertEquals(0.998, Ema.cosineMomentum(0.996, 50, 100), 1e-12);
    }
}
