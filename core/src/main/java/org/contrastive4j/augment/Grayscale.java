package org.contrastive4j.augment;

import java.util.SplittableRandom;

/** Replaces every channel of an RGB image by its luminance (a no-op on grayscale input). */
public record Grayscale() implements Augmentation {
    @Override
    public Image apply(Image image, SplittableRandom random) {
        if (image.channels() != 3) {
            return image;
        }
        float[] l = image.luminance();
        float[] d = new float[image.data().length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(l, 0, d, c * l.length, l.length);
        }
        return new Image(d, 3, image.height(), image.width());
    }
}
