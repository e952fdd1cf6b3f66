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
            // stopGradient() and any op starting from the source would leave a new array in the
            // source's long-lived manager: move the detached view to the step's first.
            NDArray source = sources.get(i).stopGradient();
            source.attach(step);
            NDArray scaled = source.mul((float) (1 - momentum));
            targets.get(i).muli(momentum).addi(scaled);
        }
    }

    /** DINO's momentum schedule: from {@code base} at step 0 to 1 at the last step, on a half cosine. */
    public static double cosineMomentum(double base, long step, long totalSteps) {
        return 1 - (1 - base) * (Math.cos(Math.PI * step / Math.max(1, totalSteps)) + 1) / 2;
    }
}
