package org.contrastive4j.augment;

import java.util.SplittableRandom;

/** Rotates about the centre by a uniform angle in [-maxDegrees, maxDegrees], bilinear, 0 outside. */
public record Rotation(double maxDegrees) implements Augmentation {
    @Override
    public Image apply(Image image, SplittableRandom random) {
        double angle = Math.toRadians((2 * random.nextDouble() - 1) * maxDegrees);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (image.height() - 1) / 2.0;
        double cx = (image.width() - 1) / 2.0;
        Image out = Image.blank(image.channels(), image.height(), image.width());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                // Inverse mapping: where in the source does this output pixel come from.
                double dy = y - cy;
                double dx = x - cx;
                double srcY = cy + cos * dy - sin * dx;
                double srcX = cx + sin * dy + cos * dx;
                for (int c = 0; c < image.channels(); c++) {
                    out.set(c, y, x, image.sample(c, srcY, srcX));
                }
            }
        }
        return out;
    }
}
