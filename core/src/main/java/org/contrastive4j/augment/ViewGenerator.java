package org.contrastive4j.augment;

import java.util.SplittableRandom;

/** Makes the views of one image that a method contrasts (two for SimCLR/MoCo, several crops for DINO). */
public interface ViewGenerator {
    Image[] views(Image image, SplittableRandom random);

    int viewCount();

    /** Two independent draws of the same transform (SimCLR, MoCo). */
    static ViewGenerator twoViews(Augmentation transform) {
        return new ViewGenerator() {
            @Override
            public Image[] views(Image image, SplittableRandom random) {
                return new Image[] {transform.apply(image, random), transform.apply(image, random)};
            }

            @Override
            public int viewCount() {
                return 2;
            }
        };
    }

    /** Multi-crop (SwAV, DINO): {@code globals} large crops first, then {@code locals} small ones. */
    static ViewGenerator multiCrop(Augmentation global, int globals, Augmentation local, int locals) {
        return new ViewGenerator() {
            @Override
            public Image[] views(Image image, SplittableRandom random) {
                Image[] v = new Image[globals + locals];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (i < globals ? global : local).apply(image, random);
                }
                return v;
            }

            @Override
            public int viewCount() {
                return globals + locals;
            }
        };
    }
}
