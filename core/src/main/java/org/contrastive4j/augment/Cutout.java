package org.contrastive4j.augment;

import java.util.SplittableRandom;

/**
 * Cutout (DeVries and Taylor 2017): zeroes a square of side {@code fraction * min(h, w)} centred at
 * a uniform position; the square may stick out of the image and is clipped.
 */
public record Cutout(double fraction) implements Augmentation {
    @Override
    public Image apply(Image image, SplittableRandom random) {
        int side = Math.max(1, (int) Math.round(fraction * Math.min(image.height(), image.width())));
        int cy = random.nextInt(image.height());
        int cx = random.nextInt(image.width());
        Image out = image.copy();
        for (int y = Math.max(0, cy - side / 2); y < Math.min(image.height(), cy - side / 2 + side); y++) {
            for (int x = Math.max(0, cx - side / 2); x < Math.min(image.width(), cx - side / 2 + side); x++) {
                for (int c = 0; c < image.channels(); c++) {
                    out.set(c, y, x, 0);
                }
            }
        }
        return out;
    }
}
