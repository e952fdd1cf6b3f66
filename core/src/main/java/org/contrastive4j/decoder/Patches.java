package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;

/** Cuts images into non-overlapping square patches and embeds each linearly (a ViT stem). */
final class Patches {
    private Patches() {}

    /** Patches [B][P][c*patch*patch] of images [B][c][h][w], in row-major order of the patch grid. */
    static NDArray cut(NDArray images, int patch) {
        long b = images.getShape().get(0);
        long c = images.getShape().get(1);
        long h = images.getShape().get(2) / patch;
        long w = images.getShape().get(3) / patch;
        return images.reshape(b, c, h, patch, w, patch).transpose(0, 2, 4, 1, 3, 5).reshape(b, h * w, c * patch * patch);
    }

    static NDArray embed(Parameters p, String name, NDArray images, int patch) {
        return TransformerLayers.linear(p, name, cut(images, patch));
    }
}
