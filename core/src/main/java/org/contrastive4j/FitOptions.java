package org.contrastive4j;

import java.nio.file.Path;

/**
 * How long and how a method trains an encoder: epochs, batch size, seed, learning rate, and
 * what it writes (checkpoints, metrics) or tells (progress). Unset values take the method's
 * defaults. Immutable; each setter returns a changed copy: {@code Fit.epochs(5).batchSize(128)}.
 */
public final class FitOptions {
    private int epochs = 1;
    private int batchSize;
    private long seed = 42;
    private double learningRate = Double.NaN;
    private Path checkpointDir;
    private int checkpointEvery = 500;
    private Path metricsFile;
    private Fit.Progress progress;

    FitOptions() {}

    public FitOptions epochs(int value) {
        FitOptions o = copy();
        o.epochs = atLeast("epochs", value, 1);
        return o;
    }

    /** Examples per step; the method's default when unset. */
    public FitOptions batchSize(int value) {
        FitOptions o = copy();
        o.batchSize = atLeast("batchSize", value, 2);
        return o;
    }

    public FitOptions seed(long value) {
        FitOptions o = copy();
        o.seed = value;
        return o;
    }

    /** Peak learning rate (after warm-up); the method's default when unset. */
    public FitOptions learningRate(double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw InvalidInputException.parameter("learningRate", "must be > 0, got " + value);
        }
        FitOptions o = copy();
        o.learningRate = value;
        return o;
    }

    /** A checkpoint into {@code dir} every {@code every} steps and at the end; a run that finds checkpoints there resumes. */
    public FitOptions checkpoints(Path dir, int every) {
        FitOptions o = copy();
        o.checkpointDir = dir;
        o.checkpointEvery = atLeast("checkpointEvery", every, 1);
        return o;
    }

    /** Appends each logged step (loss, learning rate, rate) as a JSON line to {@code file}. */
    public FitOptions metrics(Path file) {
        FitOptions o = copy();
        o.metricsFile = file;
        return o;
    }

    public FitOptions progress(Fit.Progress listener) {
        FitOptions o = copy();
        o.progress = listener;
        return o;
    }

    public int epochs() {
        return epochs;
    }

    /** The batch size set, or {@code methodDefault}. */
    public int batchSizeOr(int methodDefault) {
        return batchSize > 0 ? batchSize : methodDefault;
    }

    public long seed() {
        return seed;
    }

    /** The learning rate set, or {@code methodDefault}. */
    public double learningRateOr(double methodDefault) {
        return Double.isNaN(learningRate) ? methodDefault : learningRate;
    }

    /** Where checkpoints go, or null for none. */
    public Path checkpointDir() {
        return checkpointDir;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The metrics file, or null for none. */
    public Path metricsFile() {
        return metricsFile;
    }

    /** The listener, or null. */
    public Fit.Progress progress() {
        return progress;
    }

    private FitOptions copy() {
        FitOptions o = new FitOptions();
        o.epochs = epochs;
        o.batchSize = batchSize;
        o.seed = seed;
        o.learningRate = learningRate;
        o.checkpointDir = checkpointDir;
        o.checkpointEvery = checkpointEvery;
        o.metricsFile = metricsFile;
        o.progress = progress;
        return o;
    }

    private static int atLeast(String name, int value, int least) {
        if (value < least) {
            throw InvalidInputException.parameter(name, "must be at least " + least + ", got " + value);
        }
        return value;
    }
}
