package org.contrastive4j.eval;

import org.contrastive4j.tensor.Rows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Weighted k-nearest-neighbour classification on cosine similarity, as in InstDisc (Wu et al.
 * 2018) and most SSL papers: each of the k nearest training points votes for its class with
 * weight {@code exp(s / T)}; k = 200, T = 0.1 by default.
 */
public record KnnClassifier(int k, double temperature) {
    public static KnnClassifier defaults() {
        return new KnnClassifier(200, 0.1);
    }

    /** Accuracy on the test set in [0, 1]. */
    public double accuracy(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int classes) {
        int kk = Math.min(k, train.length);
        int correct = 0;
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
            NDArray bank = Rows.of(manager, train).normalize(2, 1, 1e-12).transpose();
            int chunk = 512;
            for (int start = 0; start < test.length; start += chunk) {
                int end = Math.min(test.length, start + chunk);
                try (NDManager step = manager.newSubManager()) {
                    NDArray q = Rows.of(step, test, start, end).normalize(2, 1, 1e-12);
                    NDList top = q.matMul(bank).topK(kk, 1, true, true);
                    float[] sims = top.get(0).toFloatArray();
                    long[] idx = top.get(1).toLongArray();
                    for (int i = 0; i < end - start; i++) {
                        double[] votes = new double[classes];
                        for (int j = 0; j < kk; j++) {
                            votes[trainLabels[(int) idx[i * kk + j]]] += Math.exp(sims[i * kk + j] / temperature);
                        }
                        int best = 0;
                        for (int c = 1; c < classes; c++) {
                            if (votes[c] > votes[best]) {
                                best = c;
                            }
                        }
                        if (best == testLabels[start + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return (double) correct / test.length;
    }
}
