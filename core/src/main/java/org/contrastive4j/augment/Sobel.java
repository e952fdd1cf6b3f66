package org.contrastive4j.augment;

import java.util.SplittableRandom;

/**
 * The Sobel edge magnitude of the luminance, {@code sqrt(gx^2 + gy^2)} scaled into [0, 1] (by the
 * largest possible response, 4 sqrt 2), written to every channel. Borders replicate the edge.
 */
public record Sobel() implements Augmentation {
    private static final double MAX_RESPONSE = 4 * Math.sqrt(2);

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int h = image.height();
        int w = image.width();
        float[] l = image.luminance();
        float[] edges = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double gx = px(l, h, w, y - 1, x + 1) + 2 * px(l, h, w, y, x + 1) + px(l, h, w, y + 1, x + 1)
                        - px(l, h, w, y - 1, x - 1) - 2 * px(l, h, w, y, x - 1) - px(l, h, w, y + 1, x - 1);
                double gy = px(l, h, w, y + 1, x - 1) + 2 * px(l, h, w, y + 1, x) + px(l, h, w, y + 1, x + 1)
                        - px(l, h, w, y - 1, x - 1) - 2 * px(l, h, w, y - 1, x) - px(l, h, w, y - 1, x + 1);
                edges[y * w + x] = (float) (Math.sqrt(gx * gx + gy * gy) / MAX_RESPONSE);
            }
        }
        float[] d = new float[image.data().length];
        for (int c = 0; c < image.channels(); c++) {
            System.arraycopy(edges, 0, d, c * edges.length, edges.length);
        }
        return new Image(d, image.channels(), h, w);
    }

    private static float px(float[] l, int h, int w, int y, int x) {
        return l[Math.max(0, Math.min(h - 1, y)) * w + Math.max(0, Math.min(w - 1, x))];
    }
}
