package org.contrastive4j.augment;

import java.util.SplittableRandom;

/**
 * Colour jitter as torchvision's ColorJitter: brightness, contrast and saturation factors drawn
 * uniformly from [1 - s, 1 + s], a hue shift from [-hue, hue] (a fraction of the colour wheel),
 * applied in a random order. Saturation and hue act on RGB images only; on grayscale input they
 * are no-ops. SimCLR's strength-s jitter is (0.8s, 0.8s, 0.8s, 0.2s).
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue) implements Augmentation {

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Image out = image.copy();
        for (int op : order) {
            switch (op) {
                case 0 -> {
                    if (brightness > 0) {
                        out = blend(out, 0, factor(brightness, random), null);
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        double f = factor(contrast, random);
                        out = blend(out, mean(out.luminance()), f, null);
                    }
                }
                case 2 -> {
                    if (saturation > 0 && out.channels() == 3) {
                        out = blend(out, 0, factor(saturation, random), out.luminance());
                    }
                }
                default -> {
                    if (hue > 0 && out.channels() == 3) {
                        out = shiftHue(out, (2 * random.nextDouble() - 1) * hue);
                    }
                }
            }
        }
        return out;
    }

    private static double factor(double strength, SplittableRandom random) {
        return Math.max(0, 1 - strength + 2 * strength * random.nextDouble());
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** f * image + (1 - f) * other, where other is a constant or a per-pixel gray plane; clamped to [0, 1]. */
    private static Image blend(Image image, double constant, double f, float[] gray) {
        float[] d = image.data().clone();
        int plane = image.height() * image.width();
        for (int i = 0; i < d.length; i++) {
            double other = gray == null ? constant : gray[i % plane];
            d[i] = (float) (f * d[i] + (1 - f) * other);
        }
        return new Image(d, image.channels(), image.height(), image.width()).clamp01();
    }

    private static Image shiftHue(Image image, double shift) {
        int plane = image.height() * image.width();
        float[] d = image.data().clone();
        float[] hsb = new float[3];
        for (int i = 0; i < plane; i++) {
            java.awt.Color.RGBtoHSB(Math.round(d[i] * 255), Math.round(d[plane + i] * 255),
                    Math.round(d[2 * plane + i] * 255), hsb);
            int rgb = java.awt.Color.HSBtoRGB((float) (hsb[0] + shift), hsb[1], hsb[2]);
            d[i] = ((rgb >> 16) & 0xff) / 255f;
            d[plane + i] = ((rgb >> 8) & 0xff) / 255f;
            d[2 * plane + i] = (rgb & 0xff) / 255f;
        }
        return new Image(d, image.channels(), image.height(), image.width());
    }
}
