package org.contrastive4j.bench;

import org.contrastive4j.train.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A trainer listener that reads VmRSS before the run and after every {@code every} steps: rows of {step, resident MiB}. */
final class ResidentMemorySamples implements Trainer.StepListener {
    private final int every;
    private final Consumer<double[]> onSample;
    private final List<double[]> rows = new ArrayList<>();

    ResidentMemorySamples(int every, Consumer<double[]> onSample) {
        this.every = every;
        this.onSample = onSample;
        rows.add(new double[] {0, GradCacheBenchmark.status("VmRSS")});
    }

    @Override
    public void afterStep(long step, double loss) {
        if (step % every == 0) {
            double[] row = {step, GradCacheBenchmark.status("VmRSS")};
            rows.add(row);
            onSample.accept(row);
        }
    }

    List<double[]> rows() {
        return rows;
    }
}
