package org.contrastive4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import org.contrastive4j.loss.InfoNceLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradCache's parameter gradients equal the uncached loss's, in float64, on one batch. */
class GradCacheTest extends NdTest {
    private static final int N = 10;
    private static final int IN = 6;
    private static final int OUT = 4;

    private final double[] xq = random.gaussian(N * IN);
    private final double[] xp = random.gaussian(N * IN);
    private final double[] w0 = random.gaussian(IN * OUT);
    private final InfoNceLoss loss = new InfoNceLoss(new Cosine(), 0.1, true, Reduction.MEAN);

    /** A tiny encoder tanh(x W): non-linear, with parameters shared by both sides. */
    private static NDArray encode(NDArray x, NDArray w) {
        return x.matMul(w).tanh();
    }

    @Test
    void cachedGradientsEqualThePlainLossGradients() {
        NDArray q = nd(xq, N, IN);
        NDArray p = nd(xp, N, IN);

        NDArray w = nd(w0.clone(), IN, OUT);
        w.setRequiresGradient(true);
        double plainLoss;
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.forward(encode(q, w), encode(p, w));
            c.backward(l);
            plainLoss = l.getDouble();
        }
        double[] plain = w.getGradient().toDoubleArray();

        for (int chunk : new int[] {1, 3, 4, 10}) {
            NDArray w2 = nd(w0.clone(), IN, OUT);
            w2.setRequiresGradient(true);
            double cachedLoss = new GradCache(chunk, 7).step(manager, List.of(
                    (m, from, to) -> encode(q.get(from + ":" + to), w2),
                    (m, from, to) -> encode(p.get(from + ":" + to), w2)),
                    N, reps -> loss.forward(reps.get(0), reps.get(1)));
            double[] cached = w2.getGradient().toDoubleArray();
            assertEquals(plainLoss, cachedLoss, 1e-12);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < plain.length; i++) {
                diff += (plain[i] - cached[i]) * (plain[i] - cached[i]);
                norm += plain[i] * plain[i];
            }
            assertTrue(Math.sqrt(diff / norm) < 1e-6, "chunk " + chunk + ": relative error " + Math.sqrt(diff / norm));
        }
    }

    @Test
    void dropoutMasksAreReplayedWhenAChunkIsReEncoded() {
        NDArray x = manager.ones(new Shape(4, 50), ai.djl.ndarray.types.DataType.FLOAT64);
        GradCache cache = new GradCache(2, 3);
        NDArray w = nd(w0.clone(), IN, OUT);
        w.setRequiresGradient(true);
        double[][] seen = new double[2][];
        int[] calls = {0};
        cache.step(manager, List.of((m, from, to) -> {
            NDArray r = Dropout.dropout(x.get(from + ":" + to), 0.5f, true).singletonOrThrow();
            if (from == 0) {
                seen[calls[0]++] = r.toDoubleArray();
            }
            return r.sum(new int[] {1}, true).mul(w.get("0:1, 0:1").squeeze());
        }), 4, reps -> reps.get(0).sum());
        assertArrayEquals(seen[0], seen[1], 0, "the re-encoded chunk saw the same dropout mask");
    }
}
