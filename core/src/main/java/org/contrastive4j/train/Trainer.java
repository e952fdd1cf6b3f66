package org.contrastive4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.Interruption;
import org.contrastive4j.RunInterruptedException;
import org.contrastive4j.TrainingDivergedException;
import org.contrastive4j.data.Batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The generic training loop: for each step, a child NDManager holds every array of the step;
 * the objective computes the loss; gradients are clipped (optionally) and the optimizer steps;
 * metrics go to {@code metrics.jsonl}, progress to a bar with loss, rate and ETA, checkpoints to
 * {@code OUT/checkpoints}. A NaN or infinite loss stops the run before the weights are touched,
 * so the last checkpoint stays good.
 */
public final class Trainer<B extends Batch> {

    /** The loss of one batch, with arrays in the step's manager. */
    @FunctionalInterface
    public interface Objective<B> {
        NDArray loss(NDManager step, B batch);

        /**
         * Computes the loss and leaves its gradients in the parameters; returns the loss value.
         * Objectives that take several backward passes per step (GradCache) override it.
         */
        default double backward(NDManager step, B batch) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss(step, batch);
                collector.backward(value);
                return value.getFloat();
            }
        }

        /** Called after the optimizer's update, inside the step: momentum encoders, queues, centres. */
        default void afterUpdate(NDManager step, B batch) {}

        /** Values logged beside the loss (collapse indicators, learned scales); read after each logged step. */
        default Map<String, Double> diagnostics() {
            return Map.of();
        }
    }

    /** Called after each step (evaluations, extra metrics); may return values to log. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(long step, double loss);
    }

    private final Trainable model;
    private final TrainerConfig config;
    private final Optimizer optimizer;
    private final Checkpoints checkpoints;
    private final List<Boolean> decay;
    private final JsonNode meta;
    private long recomputedSteps;
    private StepProgress.Factory progress;

    /** @param outDir where checkpoints go; null keeps none */
    public Trainer(Trainable model, TrainerConfig config, Path outDir, JsonNode meta) {
        this.model = model;
        this.config = config;
        this.meta = meta;
        this.checkpoints = outDir == null ? null : new Checkpoints(outDir);
        this.optimizer = config.optimizer() == TrainerConfig.OptimizerKind.ADAMW
                ? new AdamW(model.manager(), config.weightDecay())
                : new SgdMomentum(model.manager(), config.momentum(), config.weightDecay());
        this.decay = model.decayMask();
    }

    /** Where steps are reported when the config asks for progress (the CLI's console bar); none by default. */
    public void progress(StepProgress.Factory factory) {
        this.progress = factory;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /**
     * The step to start from: 0 for a new run (refused when the output already holds
     * checkpoints), or the latest checkpoint's step with {@code resume}, whose settings must
     * equal this run's.
     */
    public long startOrResume(boolean resume, PrintWriter log) throws IOException {
        if (!resume) {
            if (checkpoints.latest() != null) {
                throw InvalidInputException.parameter("outDir", checkpoints.dir().getParent() + " already holds checkpoints; "
                        + "continue that run with resume=true or choose another outDir");
            }
            return 0;
        }
        Path latest = checkpoints.latest();
        if (latest == null) {
            throw new InvalidInputException("resume=true, but there is no checkpoint in " + checkpoints.dir());
        }
        long start = resume();
        JsonNode saved = new ObjectMapper().readTree(Files.readString(latest.resolve("state.json"))).get("meta");
        if (saved != null && !saved.toString().equals(meta.toString())) {
            throw new InvalidInputException("resume=true, but the checkpoint in " + latest + " was made with other settings; "
                    + "resume with the same settings, or choose another outDir");
        }
        log.printf(Locale.ROOT, "resuming from %s at step %d of %d%n", latest, start, config.steps());
        log.flush();
        return start;
    }

    /** Restores the latest checkpoint, if any; returns the step to continue from (0 when none). */
    public long resume() {
        Path latest = checkpoints == null ? null : checkpoints.latest();
        if (latest == null) {
            return 0;
        }
        return checkpoints.load(latest, model, optimizer).step();
    }

    /** What a run did: the last loss, and the examples and seconds spent in training steps (evaluations excluded). */
    public record Stats(double lastLoss, long examples, double seconds) {
        public double examplesPerSecond() {
            return examples / Math.max(seconds, 1e-9);
        }
    }

    /** Trains from {@code startStep} to {@code config.steps()}; {@code metrics} may be null (no file). */
    public Stats run(Supplier<B> batches, Objective<B> objective, long startStep, MetricsLog metrics, StepListener listener) {
        LearningRateSchedule schedule = config.schedule();
        double lastLoss = Double.NaN;
        long windowNanos = 0;
        long windowExamples = 0;
        long totalNanos = 0;
        long totalExamples = 0;
        double examplesPerSecond = 0;
        long savedAt = startStep;
        try (StepProgress bar = progress == null || !config.progressBar() ? null : progress.open(startStep, config.steps())) {
            for (long step = startStep; step < config.steps(); step++) {
                long stepStart = System.nanoTime();
                B batch;
                try {
                    Interruption.check("training");
                    batch = batches.get(); // may mine hard negatives with the model first
                } catch (RunInterruptedException e) {
                    throw interrupted(step, savedAt);
                }
                double lr = schedule.at(step);
                double loss = trainStep(objective, batch, lr);
                long stepNanos = System.nanoTime() - stepStart;
                if (!Double.isFinite(loss)) {
                    Path kept = checkpoints == null ? null : checkpoints.latest();
                    throw new TrainingDivergedException("the loss became " + loss + " at step " + step
                            + "; training stopped before updating the weights. "
                            + (kept == null ? "No checkpoint was written yet." : "The last good checkpoint is " + kept + ".")
                            + " Try a lower learningRate or a higher tau.");
                }
                lastLoss = loss;
                windowExamples += batch.size();
                windowNanos += stepNanos;
                totalExamples += batch.size();
                totalNanos += stepNanos;
                long done = step + 1;
                if (done % config.logEvery() == 0 || done == config.steps()) {
                    examplesPerSecond = windowExamples / Math.max(windowNanos / 1e9, 1e-9);
                    windowNanos = 0;
                    windowExamples = 0;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", done);
                    row.put("loss", loss);
                    row.put("lr", lr);
                    row.put("examples_per_s", examplesPerSecond);
                    row.putAll(objective.diagnostics());
                    if (recomputedSteps > 0) {
                        row.put("recomputed_nonfinite_steps", recomputedSteps);
                    }
                    if (metrics != null) {
                        metrics.write(row);
                    }
                }
                if (bar != null) {
                    bar.step(done, loss, examplesPerSecond);
                }
                if (checkpoints != null && (done % config.checkpointEvery() == 0 || done == config.steps())) {
                    checkpoints.save(done, model, optimizer, meta);
                    savedAt = done;
                }
                if (listener != null) {
                    try {
                        listener.afterStep(done, loss);
                    } catch (RunInterruptedException e) {
                        throw interrupted(done, savedAt);
                    }
                }
            }
        }
        return new Stats(lastLoss, totalExamples, totalNanos / 1e9);
    }

    /** Writes a checkpoint of the {@code done} steps (unless one holds them already) and says how to go on. */
    private RunInterruptedException interrupted(long done, long savedAt) {
        String where = "interrupted after step " + done + " of " + config.steps();
        if (checkpoints == null) {
            return new RunInterruptedException(where + " (no checkpoints are kept for this run)");
        }
        if (done == 0) {
            return new RunInterruptedException("interrupted before the first step; nothing to resume");
        }
        Path kept = done > savedAt ? checkpoints.save(done, model, optimizer, meta) : checkpoints.latest();
        return new RunInterruptedException(where + "; " + kept + " holds it: run the same command with resume=true to go on");
    }

    private double trainStep(Objective<B> objective, B batch, double lr) {
        try (NDManager step = model.manager().newSubManager()) {
            double loss = objective.backward(step, batch);
            List<NDArray> params = model.trainableArrays();
            List<NDArray> grads = gradients(params, step);
            int bad = Double.isFinite(loss) ? firstNonFinite(grads) : -1;
            if (bad >= 0) {
                // Recompute the step once: a NaN that the same inputs and weights do not give again
                // came from the engine, not from the model's maths (seen once in ~20 SupCon test runs,
                // never reproduced); one that comes back stops the run below.
                overwriteWithZeros(grads);
                loss = objective.backward(step, batch);
                grads = gradients(params, step);
                bad = Double.isFinite(loss) ? firstNonFinite(grads) : -1;
                if (bad < 0) {
                    recomputedSteps++;
                }
            }
            if (bad >= 0) {
                overwriteWithZeros(grads); // the model stays usable after the exception
                throw new TrainingDivergedException("the gradient of parameter " + bad + " " + params.get(bad).getShape()
                        + " became NaN or infinite at step " + batch.step() + " (the loss was " + loss
                        + "), again when the step was recomputed; training stopped before updating the weights. "
                        + "Try a lower learningRate or clipNorm.");
            }
            if (Double.isFinite(loss)) {
                if (config.clipNorm() > 0) {
                    clip(grads);
                }
                List<Double> scales = model.learningRateScales();
                double[] rates = new double[params.size()];
                for (int i = 0; i < rates.length; i++) {
                    rates[i] = lr * scales.get(i);
                }
                optimizer.step(params, grads, decay, rates, step);
                objective.afterUpdate(step, batch);
            }
            for (NDArray g : grads) {
                g.muli(0); // PyTorch accumulates gradients across backward passes
            }
            return loss;
        }
    }

    /**
     * Zeroes gradients that may hold NaN (NaN * 0 is NaN, so they are filled, not scaled). Not
     * with {@code set(float[])}: DJL points the tensor at a Java buffer that dies with this handle.
     */
    private static void overwriteWithZeros(List<NDArray> grads) {
        for (NDArray g : grads) {
            g.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
        }
    }

    /** Handles on the parameters' gradients, owned by {@code step} (closing it frees the handles, not the gradients). */
    public static List<NDArray> gradients(List<NDArray> params, NDManager step) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (NDArray w : params) {
            NDArray g = w.getGradient();
            g.attach(step);
            grads.add(g);
        }
        return grads;
    }

    /** The index of the first gradient holding a NaN or an infinity, or -1. */
    private static int firstNonFinite(List<NDArray> grads) {
        for (int i = 0; i < grads.size(); i++) {
            try (NDArray sum = grads.get(i).sum()) {
                if (!Float.isFinite(sum.getFloat())) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Scales all gradients by clipNorm / ||g|| when the global norm exceeds clipNorm. */
    private void clip(List<NDArray> grads) {
        double total = 0;
        for (NDArray g : grads) {
            try (NDArray s = g.square().sum()) {
                total += s.getFloat();
            }
        }
        double norm = Math.sqrt(total);
        if (norm > config.clipNorm()) {
            double scale = config.clipNorm() / (norm + 1e-6);
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
    }
}
