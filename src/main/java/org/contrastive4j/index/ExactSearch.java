package org.contrastive4j.index;

import java.util.PriorityQueue;

/** Brute-force cosine top-k over all vectors: the ground truth that HNSW recall is measured against. */
public final class ExactSearch {
    private final float[][] unit;

    public ExactSearch(float[][] vectors) {
        unit = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            unit[i] = normalized(vectors[i]);
        }
    }

    /** Indices of the k most similar vectors, most similar first. */
    public int[] topK(float[] query, int k) {
        float[] q = normalized(query);
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

    static float[] normalized(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.max(Math.sqrt(n), 1e-12);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / n);
        }
        return u;
    }
}
