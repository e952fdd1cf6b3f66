package org.contrastive4j.augment;

import java.util.SplittableRandom;

/**
 * Gaussian blur with sigma uniform in [minSigma, maxSigma] (SimCLR: 0.1 to 2.0, kernel about 10%
 * of the image side), separable, with reflected borders. The kernel sums to 1, so a constant
 * image is unchanged and the mean is kept up to border effects.
 */
public record GaussianBlur(double minSigma, double maxSigma) implements Augmentation {

    @Override
    public Image apply(Image image, SplittableRandom random) {
        double sigma = minSigma + (maxSigma - minSigma) * random.nextDouble();
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return pass(pass(image, kernel, true), kernel, false);
    }

    private static Image pass(Image in, float[] kernel, boolean horizontal) {
        int radius = kernel.length / 2;
        Image out = Image.blank(in.channels(), in.height(), in.width());
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = horizontal ? y : reflect(y + k, in.height());
                        int xx = horizontal ? reflect(x + k, in.width()) : x;
                        acc += kernel[k + radius] * in.get(c, yy, xx);
                    }
                    out.set(c, y, x, acc);
                }
            }
        }
        return out;
    }

    /** Reflects an index into [0, n) without repeating the edge pixel (numpy's 'reflect'). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
