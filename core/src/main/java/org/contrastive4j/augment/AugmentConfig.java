package org.contrastive4j.augment;

import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of SimCLR's view transform, with defaults for 28-32 px images: random resized crop
 * (scale 0.2-1), flip 0.5, colour jitter of strength 0.5 with p 0.8, grayscale 0.2; blur,
 * rotation, cutout and Sobel off (blur hurts at 28 px, as SimCLR found for CIFAR).
 */
public record AugmentConfig(
        int size,
        double cropMinScale,
        double flipProbability,
        double jitterStrength,
        double jitterProbability,
        double grayscaleProbability,
        double blurProbability,
        double rotationDegrees,
        double rotationProbability,
        double cutoutFraction,
        double cutoutProbability,
        double sobelProbability) {

    public static AugmentConfig simclrDefaults(int size) {
        return new AugmentConfig(size, 0.2, 0.5, 0.5, 0.8, 0.2, 0.0, 15, 0.0, 0.25, 0.0, 0.0);
    }

    public AugmentConfig withCropMinScale(double scale) {
        return new AugmentConfig(size, scale, flipProbability, jitterStrength, jitterProbability, grayscaleProbability,
                blurProbability, rotationDegrees, rotationProbability, cutoutFraction, cutoutProbability, sobelProbability);
    }

    /** The ops in SimCLR's order, each with its probability; ops with probability 0 are left out. */
    public Augmentation build() {
        return build(new RandomResizedCrop(size, cropMinScale));
    }

    /** The same ops after another crop (multi-crop's small local views: another size and scale range). */
    public Augmentation build(RandomResizedCrop crop) {
        List<Augmentation> ops = new ArrayList<>();
        ops.add(crop);
        add(ops, new HorizontalFlip(), flipProbability);
        add(ops, new Rotation(rotationDegrees), rotationProbability);
        double s = jitterStrength;
        add(ops, new ColorJitter(0.8 * s, 0.8 * s, 0.8 * s, 0.2 * s), s > 0 ? jitterProbability : 0);
        add(ops, new Grayscale(), grayscaleProbability);
        add(ops, new GaussianBlur(0.1, 2.0), blurProbability);
        add(ops, new Cutout(cutoutFraction), cutoutProbability);
        add(ops, new Sobel(), sobelProbability);
        return new Compose(ops);
    }

    private static void add(List<Augmentation> ops, Augmentation op, double p) {
        if (p >= 1) {
            ops.add(op);
        } else if (p > 0) {
            ops.add(op.withProbability(p));
        }
    }
}
