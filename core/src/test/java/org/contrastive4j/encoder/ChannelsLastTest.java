package org.contrastive4j.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.ChannelsLast;
import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The channels-last layout changes memory, never values: the same outputs and gradients as NCHW. */
class ChannelsLastTest extends NdTest {

    @Test
    void keepsShapeAndValues() {
        NDArray x = manager.randomNormal(new Shape(2, 3, 5, 4));
        NDArray y = ChannelsLast.of(x);
        assertEquals(x.getShape(), y.getShape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        assertThrows(InvalidInputException.class, () -> ChannelsLast.of(manager.zeros(new Shape(3, 4))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aResNetComputesTheSameOutputsAndGradients(int channels) {
        SmallResNet.Config config = new SmallResNet.Config(channels, 8, new int[] {8, 16}, 1);
        Block net = SmallResNet.build(config);
        Engine.getInstance().setRandomSeed(7);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 12, 12));
        List<NDArray> weights = new ArrayList<>();
        for (var pair : net.getParameters()) {
            Parameter p = pair.getValue();
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
                weights.add(p.getArray());
            }
        }
        NDArray x = manager.randomNormal(new Shape(6, channels, 12, 12));

        float[][] plain = forwardBackward(net, x, weights);
        float[][] last = forwardBackward(net, ChannelsLast.of(x), weights);
        for (int i = 0; i < plain.length; i++) {
            double scale = 0;
            for (float v : plain[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(plain[i], last[i], (float) (1e-4 * Math.max(scale, 1e-3)), "array " + i);
        }
        // Inference reads the running statistics both training passes updated.
        ParameterStore store = new ParameterStore(manager, false);
        float[] inferPlain = net.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] inferLast = net.forward(store, new NDList(ChannelsLast.of(x)), false).singletonOrThrow().toFloatArray();
        assertArrayEquals(inferPlain, inferLast, 1e-4f);
    }

    /** The output, then the gradient of sum(output^2) for each weight. */
    private static float[][] forwardBackward(Block net, NDArray x, List<NDArray> weights) {
        float[][] out = new float[weights.size() + 1][];
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(new ParameterStore(x.getManager(), false), new NDList(x), true).singletonOrThrow();
            out[0] = y.toFloatArray();
            collector.backward(y.square().sum());
        }
        for (int i = 0; i < weights.size(); i++) {
            NDArray gradient = weights.get(i).getGradient();
            out[i + 1] = gradient.toFloatArray();
            gradient.subi(gradient);
        }
        return out;
    }
}
