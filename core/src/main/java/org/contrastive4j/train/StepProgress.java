package org.contrastive4j.train;

/** Told after each training step of a run (a console progress bar, a log line); opened per run, closed at its end. */
public interface StepProgress extends AutoCloseable {
    void step(long done, double loss, double examplesPerSecond);

    @Override
    default void close() {}

    /** Opens the progress of a run of {@code steps} steps that starts at {@code startStep}. */
    @FunctionalInterface
    interface Factory {
        StepProgress open(long startStep, long steps);
    }
}
