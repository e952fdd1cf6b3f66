package org.contrastive4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.loss.InfoNceLoss;
import org.contrastive4j.loss.NtXentLoss;

import java.util.Locale;
import java.util.Random;
import java.util.function.BinaryOperator;

/**
 * A contrastive loss forward + backward at batch N and width d, in float32, against a baseline
 * measured in the same process: the three GEMMs the loss cannot avoid (its similarity matrix
 * and the two backward products). The ratio says how much the loss costs beyond them.
 */
public final class LossBenchmark {

    /** The losses measured, with the similarity matrix each needs. */
    public enum Kind {
        /** NT-Xent (tau 0.5) on two views of N: a 2N x 2N similarity matrix. */
        NTXENT(2),
        /** InfoNCE (tau 0.07) with in-batch negatives, N queries against N keys: an N x N matrix. */
        INFONCE(1);

        private final int rowsPerExample;

        Kind(int rowsPerExample) {
            this.rowsPerExample = rowsPerExample;
        }

        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("unknown loss '" + name + "': use ntxent or infonce");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One row of the result table. */
    public record Row(Kind kind, int n, int d, Timing loss, Timing gemmFloor) {
        public double ratio() {
            return loss.medianMs() / gemmFloor.medianMs();
        }

        /** FLOPs of the three GEMMs: 3 x 2 x M^2 x d with M = 2N (NT-Xent) or N (InfoNCE). */
        public double gemmGflops() {
            double m = (double) kind.rowsPerExample * n;
            return 3 * 2 * m * m * d / 1e9;
        }
    }

    private LossBenchmark() {}

    public static Row run(Kind kind, int n, int d, int warmup, int repeats, long seed) {
        Random random = new Random(seed);
        float[] a = gaussian(random, n * d);
        float[] b = gaussian(random, n * d);
        BinaryOperator<NDArray> loss = switch (kind) {
            case NTXENT -> new NtXentLoss()::forward;
            case INFONCE -> new InfoNceLoss()::forward;
        };
        try (NDManager root = org.contrastive4j.tensor.Devices.newManager()) {
            Timing lossTiming = Timing.measure(warmup, repeats, () -> {
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray z1 = step.create(a, new Shape(n, d));
                    NDArray z2 = step.create(b, new Shape(n, d));
                    z1.setRequiresGradient(true);
                    z2.setRequiresGradient(true);
                    collector.backward(loss.apply(z1, z2));
                }
            });
            int m = kind.rowsPerExample * n;
            float[] left = kind == Kind.NTXENT ? concat(a, b) : a;
            float[] right = kind == Kind.NTXENT ? left : b;
            Timing gemmTiming = Timing.measure(warmup, repeats, () -> {
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = step.create(left, new Shape(m, d));
                    x.setRequiresGradient(true);
                    NDArray y = x;
                    if (kind == Kind.INFONCE) {
                        y = step.create(right, new Shape(m, d));
                        y.setRequiresGradient(true);
                    }
                    collector.backward(x.matMul(y.transpose()).sum());
                }
            });
            return new Row(kind, n, d, lossTiming, gemmTiming);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] gaussian(Random random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
