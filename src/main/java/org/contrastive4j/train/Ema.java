package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Exponential moving averages of weights, the momentum encoders of MoCo and DINO:
 * {@code target <- m * target + (1 - m) * source}, in place, without gradient.
 */
public final class Ema {
    private Ema() {}

    /** One update of every {@code targets.get(i)} towards {@code sources.get(i)}; temporaries go to {@code step}. */
    public static void update(List<NDArray> targets, List<NDArray> sources, double momentum, NDManager step) {
        if (targets.size() != sources.size()) {
            throw new IllegalArgumentException(targets.size() + " targets for " + sources.size() + " sources");
        }
        for (int i = 0; i < targets.size(); i++) {
            // The source operand first would leave the product in the source's long-lived manager.
            NDArray scaled = step.create((float) (1 - momentum)).mul(sources.get(i).stopGradient());
            targets.get(i).muli(momentum).addi(scaled);
        }
    }

    /** DINO's momentum schedule: from {@code base} at step 0 to 1 at the last step, on a half cosine. */
    public static double cosineMomentum(double base, long step, long totalSteps) {
        return 1 - (1 - base) * (Math.cos(Math.PI * step / Math.max(1, totalSteps)) + 1) / 2;
    }
}
