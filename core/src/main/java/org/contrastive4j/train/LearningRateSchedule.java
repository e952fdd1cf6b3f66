package org.contrastive4j.train;

/** Linear warm-up from 0 to the base rate, then cosine decay to {@code minFraction} of it (Loshchilov and Hutter 2017). */
public record LearningRateSchedule(double base, long warmupSteps, long totalSteps, double minFraction) {

    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return base * (minFraction + (1 - minFraction) * cosine);
    }
}
