package org.contrastive4j.augment;

/**
 * A float image in [0, 1], channels-first ({@code data[(c * height + y) * width + x]}). The
 * augmentation ops read one and return a new one; they never modify their input.
 */
public record Image(float[] data, int channels, int height, int width) {

    public Image {
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("image data has " + data.length + " values, expected "
                    + channels + "x" + height + "x" + width);
        }
    }

    public static Image blank(int channels, int height, int width) {
        return new Image(new float[channels * height * width], channels, height, width);
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }

    /** Bilinear sample at a real position (pixel centres at integers), 0 outside the image. */
    public float sample(int c, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        return (float) ((1 - fy) * ((1 - fx) * at(c, y0, x0) + fx * at(c, y0, x0 + 1))
                + fy * ((1 - fx) * at(c, y0 + 1, x0) + fx * at(c, y0 + 1, x0 + 1)));
    }

    /** Bilinear sample with the position clamped to the image (edge pixels extend outward). */
    public float sampleClamped(int c, double y, double x) {
        return sample(c, Math.max(0, Math.min(height - 1, y)), Math.max(0, Math.min(width - 1, x)));
    }

    private float at(int c, int y, int x) {
        return y < 0 || y >= height || x < 0 || x >= width ? 0 : get(c, y, x);
    }

    public Image copy() {
        return new Image(data.clone(), channels, height, width);
    }

    public double mean() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s / data.length;
    }

    /** Luminance per pixel (ITU-R 601, as torchvision), [height * width]. */
    public float[] luminance() {
        float[] l = new float[height * width];
        if (channels != 3) {
            System.arraycopy(data, 0, l, 0, l.length);
            return l;
        }
        int plane = height * width;
        for (int i = 0; i < plane; i++) {
            l[i] = 0.299f * data[i] + 0.587f * data[plane + i] + 0.114f * data[2 * plane + i];
        }
        return l;
    }

    /** Clamps every value into [0, 1] in place and returns this image. */
    Image clamp01() {
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.max(0f, Math.min(1f, data[i]));
        }
        return this;
    }
}
