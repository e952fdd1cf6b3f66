package org.contrastive4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.contrastive4j.loss.NtXentLoss;

import java.util.Random;

/**
 * NT-Xent forward + backward at batch N and width d, in float32, against a baseline measured in
 * the same process: the three GEMMs the loss cannot avoid (the 2N x 2N similarity matrix and its
 * two backward products). The ratio says how much the loss costs beyond its matrix products.
 */
public final class NtXentBenchmark {
    /** One row of the result table. */
    public record Row(int n, int d, Timing loss, Timing gemmFloor) {
        public double ratio() {
            return loss.medianMs() / gemmFloor.medianMs();
        }

        /** FLOPs of the three GEMMs: 3 x 2 x (2N)^2 x d. */
        public double gemmGflops() {
            double m = 2.0 * n;
            return 3 * 2 * m * m * d / 1e9;
        }
    }

    private NtXentBenchmark() {}

    public static Row run(int n, int d, int warmup, int repeats, long seed) {
        Random random = new Random(seed);
        float[] a = gaussian(random, n * d);
        float[] b = gaussian(random, n * d);
        float[] both = gaussian(random, 2 * n * d);
        NtXentLoss loss = new NtXentLoss();
        try (NDManager root = NDManager.newBaseManager()) {
            Timing lossTiming = Timing.measure(warmup, repeats, () -> {
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray z1 = step.create(a, new Shape(n, d));
                    NDArray z2 = step.create(b, new Shape(n, d));
                    z1.setRequiresGradient(true);
                    z2.setRequiresGradient(true);
                    collector.backward(loss.forward(z1, z2));
                }
            });
            Timing gemmTiming = Timing.measure(warmup, repeats, () -> {
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray z = step.create(both, new Shape(2L * n, d));
                    z.setRequiresGradient(true);
                    collector.backward(z.matMul(z.transpose()).sum());
                }
            });
            return new Row(n, d, lossTiming, gemmTiming);
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
