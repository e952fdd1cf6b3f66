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
        return unit(pixels[i]);
    }

    /** Pixel bytes 0..255 as floats in [0, 1], the scale every image model here reads. */
    public static float[] unit(byte[] pixels) {
        float[] f = new float[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            f[k] = (pixels[k] & 0xff) / 255f;
        }
        return f;
    }

    public int imageSize() {
        return channels * height * width;
    }
}
