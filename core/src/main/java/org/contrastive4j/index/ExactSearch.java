package org.contrastive4j.index;

import org.contrastive4j.tensor.Vectors;

import java.util.PriorityQueue;

/** Brute-force cosine top-k over all vectors: the ground truth that HNSW recall is measured against. */
public final class ExactSearch {
    private final double[][] unit;

    public ExactSearch(float[][] vectors) {
        unit = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            unit[i] = Vectors.unit(vectors[i]);
        }
    }

    /** Indices of the k most similar vectors, most similar first. */
    public int[] topK(float[] query, int k) {
        double[] q = Vectors.unit(query);
        PriorityQueue<double[]> heap = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i < unit.length; i++) {
            double s = 0;
            for (int j = 0; j < q.length; j++) {
                s += q[j] * unit[i][j];
            }
            if (heap.size() < k) {
                heap.add(new double[] {s, i});
            } else if (s > heap.peek()[0]) {
                heap.poll();
                heap.add(new double[] {s, i});
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (int) heap.poll()[1];
        }
        return out;
    }
}
