package org.contrastive4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.ImageModel;

/** Representations of many images, computed in inference mode (BN running statistics) batch by batch. */
public final class Embeddings {
    private static final int BATCH = 512;

    private Embeddings() {}

    /** The first {@code limit} images of a dataset as float arrays in [0, 1]. */
    public static float[][] images(ImageDataset data, int limit) {
        int n = Math.min(limit, data.size());
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = data.image(i);
        }
        return out;
    }

    /** f(x) for images of shape {c, h, w}: [n][d]. */
    public static float[][] of(ImageModel model, float[][] images, int[] shape) {
        int n = images.length;
        int d = model.representationSize();
        int size = shape[0] * shape[1] * shape[2];
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += BATCH) {
            org.contrastive4j.Interruption.check("embedding images (" + start + " of " + n + " done)");
            int b = Math.min(BATCH, n - start);
            float[] pixels = new float[b * size];
            for (int i = 0; i < b; i++) {
                System.arraycopy(images[start + i], 0, pixels, i * size, size);
            }
            try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter();
                 NDManager step = model.manager().newSubManager()) {
                NDArray x = step.create(pixels, new Shape(b, shape[0], shape[1], shape[2]));
                float[] h = model.represent(x, false).toFloatArray();
                for (int i = 0; i < b; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(h, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }
}
