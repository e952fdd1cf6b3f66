package org.contrastive4j.train;

/**
 * How to optimise: the step budget, the optimizer and its schedule, and how often to log and
 * checkpoint. AdamW with lr 1e-3 and weight decay 1e-6 is a robust default for small batches;
 * SimCLR's LARS with lr 0.3 x batch/256 is meant for batches of thousands.
 */
public record TrainerConfig(
        long steps,
        double learningRate,
        long warmupSteps,
        OptimizerKind optimizer,
        double weightDecay,
        double momentum,
        double clipNorm,
        int logEvery,
        int checkpointEvery,
        boolean progressBar) {

    public enum OptimizerKind { ADAMW, SGD }

    public static TrainerConfig defaults(long steps) {
        return new TrainerConfig(steps, 1e-3, Math.min(100, steps / 10), OptimizerKind.ADAMW, 1e-6, 0.9, 0, 10, 500, true);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps, 0.0);
    }
}
