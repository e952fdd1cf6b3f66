package org.contrastive4j.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Losses that read long-lived state (CLIP's temperature, MoCo's queue, DINO's centre) must
 * leave nothing in that state's manager: over a run of any length, only the step's manager grows.
 */
class StateManagerTest extends NdTest {

    @Test
    void repeatedStepsLeaveTheStateManagerUnchanged() {
        try (NDManager state = NDManager.newBaseManager()) {
            ClipLoss clip = new ClipLoss(state);
            NDArray queue = state.randomNormal(new Shape(16, 4));
            NDArray center = state.zeros(new Shape(1, 5));
            int before = state.getManagedArrays().size();
            for (int step = 0; step < 5; step++) {
                try (NDManager s = state.newSubManager(); GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray a = s.randomNormal(new Shape(3, 4));
                    NDArray b = s.randomNormal(new Shape(3, 4));
                    a.setRequiresGradient(true);
                    c.backward(clip.forward(a, b).add(new MocoLoss().forward(a, b, queue)));
                    NDArray student = s.randomNormal(new Shape(3, 2, 5));
                    NDArray teacher = s.randomNormal(new Shape(2, 2, 5));
                    new DinoLoss().forward(student, teacher, center, 0.04);
                    try (NDArray g = clip.logScale().getGradient()) {
                        g.muli(0);
                    }
                }
            }
            // The sub-managers themselves are closed; what remains must be what was there before.
            assertEquals(before, state.getManagedArrays().size());
            assertEquals(DataType.FLOAT32, clip.logScale().getDataType());
        }
    }
}
