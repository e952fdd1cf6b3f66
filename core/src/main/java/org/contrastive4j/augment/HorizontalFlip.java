package org.contrastive4j.augment;

import java.util.SplittableRandom;

/** Mirrors the image left to right (apply it with a probability, usually 0.5). */
public record HorizontalFlip() implements Augmentation {
    @Override
    public Image apply(Image image, SplittableRandom random) {
        Image out = Image.blank(image.channels(), image.height(), image.width());
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    out.set(c, y, image.width() - 1 - x, image.get(c, y, x));
                }
            }
        }
        return out;
    }
}
