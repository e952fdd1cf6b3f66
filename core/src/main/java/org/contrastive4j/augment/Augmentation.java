package org.contrastive4j.augment;

import java.util.SplittableRandom;

/** One random image transformation. Every random choice comes from the {@code random} passed in. */
@FunctionalInterface
public interface Augmentation {
    Image apply(Image image, SplittableRandom random);

    /** This op applied with probability p, the image unchanged otherwise. */
    default Augmentation withProbability(double p) {
        Augmentation self = this;
        return (image, random) -> random.nextDouble() < p ? self.apply(image, random) : image;
    }
}
