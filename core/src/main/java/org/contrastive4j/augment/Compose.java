package org.contrastive4j.augment;

import java.util.List;
import java.util.SplittableRandom;

/** Ops applied in order (SimCLR: the composition matters more than any single op). */
public record Compose(List<Augmentation> ops) implements Augmentation {
    public Compose(Augmentation... ops) {
        this(List.of(ops));
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        Image out = image;
        for (Augmentation op : ops) {
            out = op.apply(out, random);
        }
        return out;
    }
}
