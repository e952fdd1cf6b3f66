package org.contrastive4j.testing;

import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.train.TrainerConfig;

import java.util.List;
import java.util.SplittableRandom;

/** Small models, data and budgets for training tests that run in seconds on 2 cores. */
public final class TinySimClr {
    private TinySimClr() {}

    public static SimClr.Config config(int channels, int size) {
        return new SimClr.Config(new SmallResNet.Config(channels, 8, new int[] {8, 16}, 1), 16, 16, 0.5,
                ViewTransform.simclr(size));
    }

    public static TrainerConfig trainer(long steps, int checkpointEvery) {
        return TrainerConfig.defaults(steps).warmupSteps(2).weightDecay(1e-4).clipNorm(1.0).logEvery(5)
                .checkpointEvery(checkpointEvery).progressBar(false);
    }

    /** Random 1x12x12 images in 3 classes. */
    public static ImageDataset randomImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] pixels = new byte[n][144];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            r.nextBytes(pixels[i]);
            labels[i] = i % 3;
        }
        return new ImageDataset(pixels, labels, 1, 12, 12, List.of("a", "b", "c"));
    }
}
