package org.contrastive4j.eval;

import org.contrastive4j.tensor.Rows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.train.AdamW;
import org.contrastive4j.train.LearningRateSchedule;

import java.util.List;

/**
 * The linear probe: multinomial logistic regression on frozen, standardised features, trained
 * with AdamW and a cosine schedule on minibatches; reports test accuracy. The encoder is never
 * updated: this measures what the representation already separates linearly.
 */
public record LinearProbe(int epochs, int batchSize, double learningRate, double weightDecay, long seed) {

    public static LinearProbe defaults(long seed) {
        return new LinearProbe(30, 256, 1e-2, 1e-4, seed);
    }

    public double accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int classes) {
        int d = train[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        standardisation(train, mean, std);
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
            NDArray x = standardise(Rows.of(manager, train), mean, std);
            NDArray w = manager.zeros(new Shape(d, classes), DataType.FLOAT32);
            NDArray b = manager.zeros(new Shape(classes), DataType.FLOAT32);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            AdamW optimizer = new AdamW(manager, weightDecay);
            int n = train.length;
            int stepsPerEpoch = Math.max(1, n / batchSize);
            LearningRateSchedule schedule = new LearningRateSchedule(learningRate, 0, (long) epochs * stepsPerEpoch, 0);
            long step = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                org.contrastive4j.Interruption.check("fitting the linear probe (epoch " + epoch + " of " + epochs + ")");
                int[] order = Permutations.of(n, Seeds.forEpoch(seed, epoch));
                for (int s = 0; s < stepsPerEpoch; s++, step++) {
                    int from = s * batchSize;
                    int to = Math.min(n, from + batchSize);
                    try (NDManager stepManager = manager.newSubManager()) {
                        long[] idx = new long[to - from];
                        int[] y = new int[to - from];
                        for (int i = from; i < to; i++) {
                            idx[i - from] = order[i];
                            y[i - from] = trainLabels[order[i]];
                        }
                        NDArray batch = x.get(stepManager.create(idx));
                        batch.attach(stepManager);
                        NDArray loss;
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            loss = CrossEntropy.perRow(batch.matMul(w).add(b), y).mean();
                            collector.backward(loss);
                        }
                        NDArray gw = w.getGradient();
                        NDArray gb = b.getGradient();
                        gw.attach(stepManager);
                        gb.attach(stepManager);
                        optimizer.step(List.of(w, b), List.of(gw, gb), List.of(true, false), schedule.at(step), stepManager);
                        gw.muli(0);
                        gb.muli(0);
                    }
                }
            }
            NDArray logits = standardise(Rows.of(manager, test), mean, std).matMul(w).add(b);
            long[] predicted = logits.argMax(1).toLongArray();
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == testLabels[i]) {
                    correct++;
                }
            }
            return (double) correct / test.length;
        }
    }

    private static NDArray standardise(NDArray x, float[] mean, float[] std) {
        NDManager m = x.getManager();
        return x.sub(m.create(mean)).div(m.create(std));
    }

    private static void standardisation(float[][] x, float[] mean, float[] std) {
        int d = mean.length;
        double[] s = new double[d];
        double[] s2 = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                s[j] += row[j];
                s2[j] += (double) row[j] * row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            double m = s[j] / x.length;
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Math.max(s2[j] / x.length - m * m, 0) + 1e-8);
        }
    }
}
