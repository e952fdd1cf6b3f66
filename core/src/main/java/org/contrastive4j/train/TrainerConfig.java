package org.contrastive4j.train;

import org.contrastive4j.InvalidInputException;

/**
 * How to optimise: the step budget, the optimizer and its schedule, and how often to log and
 * checkpoint. AdamW with lr 1e-3 and weight decay 1e-6 is a robust default for small batches;
 * SimCLR's LARS with lr 0.3 x batch/256 is meant for batches of thousands. Immutable; each
 * setter returns a changed copy: {@code TrainerConfig.defaults(1000).learningRate(3e-4)}.
 */
public final class TrainerConfig {

    public enum OptimizerKind { ADAMW, SGD }

    private long steps;
    private double learningRate = 1e-3;
    private long warmupSteps;
    private OptimizerKind optimizer = OptimizerKind.ADAMW;
    private double weightDecay = 1e-6;
    private double momentum = 0.9;
    private double clipNorm = 0;
    private int logEvery = 10;
    private int checkpointEvery = 500;
    private boolean progressBar = true;

    /** Optimizer steps of the whole run. */
    public long steps() {
        return steps;
    }

    public TrainerConfig steps(long value) {
        if (!(value >= 0)) {
            throw InvalidInputException.parameter("steps", "must be >= 0, got " + value);
        }
        TrainerConfig c = copy();
        c.steps = value;
        return c;
    }

    /** Peak learning rate (after warm-up); default 1e-3. */
    public double learningRate() {
        return learningRate;
    }

    public TrainerConfig learningRate(double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw InvalidInputException.parameter("learningRate", "must be > 0, got " + value);
        }
        TrainerConfig c = copy();
        c.learningRate = value;
        return c;
    }

    /** Steps of linear warm-up from 0 to the peak. */
    public long warmupSteps() {
        return warmupSteps;
    }

    public TrainerConfig warmupSteps(long value) {
        if (!(value >= 0)) {
            throw InvalidInputException.parameter("warmupSteps", "must be >= 0, got " + value);
        }
        TrainerConfig c = copy();
        c.warmupSteps = value;
        return c;
    }

    public OptimizerKind optimizer() {
        return optimizer;
    }

    public TrainerConfig optimizer(OptimizerKind value) {
        if (!(value != null)) {
            throw InvalidInputException.parameter("optimizer", "must be ADAMW or SGD, got " + value);
        }
        TrainerConfig c = copy();
        c.optimizer = value;
        return c;
    }

    /** Decoupled weight decay; default 1e-6. */
    public double weightDecay() {
        return weightDecay;
    }

    public TrainerConfig weightDecay(double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw InvalidInputException.parameter("weightDecay", "must be >= 0, got " + value);
        }
        TrainerConfig c = copy();
        c.weightDecay = value;
        return c;
    }

    /** SGD's momentum; default 0.9. */
    public double momentum() {
        return momentum;
    }

    public TrainerConfig momentum(double value) {
        if (!(value >= 0 && value < 1)) {
            throw InvalidInputException.parameter("momentum", "must be in [0, 1), got " + value);
        }
        TrainerConfig c = copy();
        c.momentum = value;
        return c;
    }

    /** Global gradient norm limit, 0 for none (default). */
    public double clipNorm() {
        return clipNorm;
    }

    public TrainerConfig clipNorm(double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw InvalidInputException.parameter("clipNorm", "must be >= 0, got " + value);
        }
        TrainerConfig c = copy();
        c.clipNorm = value;
        return c;
    }

    /** Steps between metric lines; default 10. */
    public int logEvery() {
        return logEvery;
    }

    public TrainerConfig logEvery(int value) {
        if (!(value >= 1)) {
            throw InvalidInputException.parameter("logEvery", "must be at least 1, got " + value);
        }
        TrainerConfig c = copy();
        c.logEvery = value;
        return c;
    }

    /** Steps between checkpoints; default 500. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    public TrainerConfig checkpointEvery(int value) {
        if (!(value >= 1)) {
            throw InvalidInputException.parameter("checkpointEvery", "must be at least 1, got " + value);
        }
        TrainerConfig c = copy();
        c.checkpointEvery = value;
        return c;
    }

    /** Whether the CLI draws a progress bar. */
    public boolean progressBar() {
        return progressBar;
    }

    public TrainerConfig progressBar(boolean value) {
        TrainerConfig c = copy();
        c.progressBar = value;
        return c;
    }

    private TrainerConfig copy() {
        TrainerConfig c = new TrainerConfig();
        c.steps = steps;
        c.learningRate = learningRate;
        c.warmupSteps = warmupSteps;
        c.optimizer = optimizer;
        c.weightDecay = weightDecay;
        c.momentum = momentum;
        c.clipNorm = clipNorm;
        c.logEvery = logEvery;
        c.checkpointEvery = checkpointEvery;
        c.progressBar = progressBar;
        return c;
    }

    @Override
    public String toString() {
        return "TrainerConfig[" + "steps=" + steps + ", " + "learningRate=" + learningRate + ", " + "warmupSteps=" + warmupSteps + ", " + "optimizer=" + optimizer + ", " + "weightDecay=" + weightDecay + ", " + "momentum=" + momentum + ", " + "clipNorm=" + clipNorm + ", " + "logEvery=" + logEvery + ", " + "checkpointEvery=" + checkpointEvery + ", " + "progressBar=" + progressBar + "]";
    }

    private TrainerConfig() {}

    /** {@code steps} steps of AdamW at 1e-3, weight decay 1e-6, warm-up over a tenth of the steps (at most 100). */
    public static TrainerConfig defaults(long steps) {
        TrainerConfig c = new TrainerConfig().steps(steps);
        c.warmupSteps = Math.min(100, steps / 10);
        return c;
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps, 0.0);
    }
}
