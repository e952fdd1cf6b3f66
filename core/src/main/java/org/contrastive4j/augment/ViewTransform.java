package org.contrastive4j.augment;

import org.contrastive4j.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * How one view of an image is made, SimCLR's transform: random resized crop (scale 0.2-1),
 * flip 0.5, colour jitter of strength 0.5 with p 0.8, grayscale 0.2; blur, rotation, cutout and
 * Sobel off by default (blur hurts at 28 px, as SimCLR found for CIFAR). Immutable; each setter
 * returns a changed copy: {@code ViewTransform.simclr(28).cropMinScale(0.5).blur(0.5)}.
 */
public final class ViewTransform {
    private final int size;
    private double cropMinScale = 0.2;
    private double flipProbability = 0.5;
    private double jitterStrength = 0.5;
    private double jitterProbability = 0.8;
    private double grayscaleProbability = 0.2;
    private double blurProbability;
    private double rotationDegrees = 15;
    private double rotationProbability;
    private double cutoutFraction = 0.25;
    private double cutoutProbability;
    private double sobelProbability;

    private ViewTransform(int size) {
        if (size < 1) {
            throw new InvalidInputException("size must be at least 1 pixel, got " + size);
        }
        this.size = size;
    }

    /** SimCLR's defaults for views of {@code size} x {@code size} pixels. */
    public static ViewTransform simclr(int size) {
        return new ViewTransform(size);
    }

    /** Crops cover at least this fraction of the image's area (and at most all of it). */
    public ViewTransform cropMinScale(double scale) {
        ViewTransform t = copy();
        t.cropMinScale = fraction("cropMinScale", scale);
        return t;
    }

    public ViewTransform flip(double probability) {
        ViewTransform t = copy();
        t.flipProbability = fraction("flip probability", probability);
        return t;
    }

    /** Brightness, contrast, saturation 0.8 s, hue 0.2 s, applied with {@code probability}. */
    public ViewTransform colorJitter(double strength, double probability) {
        if (!(strength >= 0)) {
            throw new InvalidInputException("colour jitter strength must be >= 0, got " + strength);
        }
        ViewTransform t = copy();
        t.jitterStrength = strength;
        t.jitterProbability = fraction("colour jitter probability", probability);
        return t;
    }

    public ViewTransform grayscale(double probability) {
        ViewTransform t = copy();
        t.grayscaleProbability = fraction("grayscale probability", probability);
        return t;
    }

    /** Gaussian blur, sigma uniform in [0.1, 2]. */
    public ViewTransform blur(double probability) {
        ViewTransform t = copy();
        t.blurProbability = fraction("blur probability", probability);
        return t;
    }

    /** Rotation by an angle uniform in [-degrees, degrees]. */
    public ViewTransform rotation(double degrees, double probability) {
        ViewTransform t = copy();
        t.rotationDegrees = degrees;
        t.rotationProbability = fraction("rotation probability", probability);
        return t;
    }

    /** A square of side {@code fraction} x size zeroed. */
    public ViewTransform cutout(double fraction, double probability) {
        ViewTransform t = copy();
        t.cutoutFraction = fraction("cutout fraction", fraction);
        t.cutoutProbability = fraction("cutout probability", probability);
        return t;
    }

    public ViewTransform sobel(double probability) {
        ViewTransform t = copy();
        t.sobelProbability = fraction("sobel probability", probability);
        return t;
    }

    public int size() {
        return size;
    }

    public double cropMinScale() {
        return cropMinScale;
    }

    public double flipProbability() {
        return flipProbability;
    }

    public double jitterStrength() {
        return jitterStrength;
    }

    public double jitterProbability() {
        return jitterProbability;
    }

    public double grayscaleProbability() {
        return grayscaleProbability;
    }

    public double blurProbability() {
        return blurProbability;
    }

    public double rotationDegrees() {
        return rotationDegrees;
    }

    public double rotationProbability() {
        return rotationProbability;
    }

    public double cutoutFraction() {
        return cutoutFraction;
    }

    public double cutoutProbability() {
        return cutoutProbability;
    }

    public double sobelProbability() {
        return sobelProbability;
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

    /** Every knob by name, as the settings of a run record it. */
    @Override
    public String toString() {
        return "ViewTransform[size=" + size + ", cropMinScale=" + cropMinScale + ", flipProbability=" + flipProbability
                + ", jitterStrength=" + jitterStrength + ", jitterProbability=" + jitterProbability + ", grayscaleProbability="
                + grayscaleProbability + ", blurProbability=" + blurProbability + ", rotationDegrees=" + rotationDegrees
                + ", rotationProbability=" + rotationProbability + ", cutoutFraction=" + cutoutFraction + ", cutoutProbability="
                + cutoutProbability + ", sobelProbability=" + sobelProbability + "]";
    }

    private ViewTransform copy() {
        ViewTransform t = new ViewTransform(size);
        t.cropMinScale = cropMinScale;
        t.flipProbability = flipProbability;
        t.jitterStrength = jitterStrength;
        t.jitterProbability = jitterProbability;
        t.grayscaleProbability = grayscaleProbability;
        t.blurProbability = blurProbability;
        t.rotationDegrees = rotationDegrees;
        t.rotationProbability = rotationProbability;
        t.cutoutFraction = cutoutFraction;
        t.cutoutProbability = cutoutProbability;
        t.sobelProbability = sobelProbability;
        return t;
    }

    private static double fraction(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidInputException(what + " must be in [0, 1], got " + value);
        }
        return value;
    }

    private static void add(List<Augmentation> ops, Augmentation op, double p) {
        if (p >= 1) {
            ops.add(op);
        } else if (p > 0) {
            ops.add(op.withProbability(p));
        }
    }
}
