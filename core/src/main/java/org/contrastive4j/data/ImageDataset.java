package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.util.List;

/**
 * Labelled images held in memory as bytes, channels-first ({@code [c][h][w]} per image), with
 * the class names. Fashion-MNIST's 70k images take 55 MB this way.
 */
public record ImageDataset(byte[][] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {

    public ImageDataset {
        if (pixels.length != labels.length) {
            throw new InvalidInputException(pixels.length + " images but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code n} images (all when n is at least the size). */
    public ImageDataset limit(int n) {
        if (n >= size()) {
            return this;
        }
        return new ImageDataset(java.util.Arrays.copyOf(pixels, n), java.util.Arrays.copyOf(labels, n),
                channels, height, width, classNames);
    }

    /** Image i as floats in [0, 1], channels-first. */
    public float[] image(int i) {
        byte[] b = pixels[i];
        float[] f = new float[b.length];
        for (int k = 0; k < b.length; k++) {
            f[k] = (b[k] & 0xff) / 255f;
        }
        return f;
    }

    public int imageSize() {
        return channels * height * width;
    }
}
