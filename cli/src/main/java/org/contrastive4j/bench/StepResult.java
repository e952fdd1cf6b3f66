package org.contrastive4j.bench;

/** A timed training step: median and spread, its FLOPs, and the GEMM peak measured in the same process. */
public record StepResult(Timing step, double stepGflop, double peakGflops) {

    /** Examples (images, pairs) per second at the median step. */
    public double perSecond(int batch) {
        return batch / (step.medianMs() / 1e3);
    }

    public double shareOfPeak() {
        return stepGflop / (step.medianMs() / 1e3) / peakGflops;
    }
}
