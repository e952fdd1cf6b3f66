package org.contrastive4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.contrastive4j.TrainingDivergedException;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageModel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generic training loop: for each step, a child NDManager holds every array of the step;
 * the objective computes the loss; gradients are clipped (optionally) and the optimizer steps;
 * metrics go to {@code metrics.jsonl}, progress to a bar with loss, rate and ETA, checkpoints to
 * {@code OUT/checkpoints}. A NaN or infinite loss stops the run before the weights are touched,
 * so the last checkpoint stays good.
 */
public final class Trainer {

    /** The loss of one batch; called inside a gradient collector with the step's manager. */
    @FunctionalInterface
    public interface Objective {
        NDArray loss(NDManager step, ViewBatch batch);
    }

    /** Called after each step (evaluations, extra metrics); may return values to log. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(long step, double loss);
    }

    private final ImageModel model;
    private final TrainerConfig config;
    private final Optimizer optimizer;
    private final Checkpoints checkpoints;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<Boolean> decay = new ArrayList<>();
    private final JsonNode meta;

    public Trainer(ImageModel model, TrainerConfig config, Path outDir, JsonNode meta) {
        this.model = model;
        this.config = config;
        this.meta = meta;
        this.checkpoints = new Checkpoints(outDir);
        this.optimizer = config.optimizer() == TrainerConfig.OptimizerKind.ADAMW
                ? new AdamW(model.manager(), config.weightDecay())
                : new SgdMomentum(model.manager(), config.momentum(), config.weightDecay());
        for (Parameter p : model.parameters()) {
            if (p.requiresGradient()) {
                trainable.add(p);
                // Decay the weights of convolutions and linear layers, not biases or BN scales (as SimCLR).
                decay.add(p.getType() == Parameter.Type.WEIGHT);
            }
        }
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Restores the latest checkpoint, if any; returns the step to continue from (0 when none). */
    public long resume() {
        Path latest = checkpoints.latest();
        if (latest == null) {
            return 0;
        }
        return checkpoints.load(latest, model, optimizer).step();
    }

    /** What a run did: the last loss, and the images and seconds spent in training steps (evaluations excluded). */
    public record Stats(double lastLoss, long images, double seconds) {
        public double imagesPerSecond() {
            return images / Math.max(seconds, 1e-9);
        }
    }

    /** Trains from {@code startStep} to {@code config.steps()}. */
    public Stats run(ViewBatches batches, Objective objective, long startStep, MetricsLog metrics, StepListener listener) {
        LearningRateSchedule schedule = config.schedule();
        double lastLoss = Double.NaN;
        long windowNanos = 0;
        long windowImages = 0;
        long totalNanos = 0;
        long totalImages = 0;
        double imagesPerSecond = 0;
        try (ProgressBar bar = progressBar(startStep)) {
            for (long step = startStep; step < config.steps(); step++) {
                long stepStart = System.nanoTime();
                ViewBatch batch = batches.next();
                double lr = schedule.at(step);
                double loss = trainStep(objective, batch, lr);
                long stepNanos = System.nanoTime() - stepStart;
                if (!Double.isFinite(loss)) {
                    Path kept = checkpoints.latest();
                    throw new TrainingDivergedException("the loss became " + loss + " at step " + step
                            + "; training stopped before updating the weights. "
                            + (kept == null ? "No checkpoint was written yet." : "The last good checkpoint is " + kept + ".")
                            + " Try a lower --lr or a higher --tau.");
                }
                lastLoss = loss;
                windowImages += batch.size();
                windowNanos += stepNanos;
                totalImages += batch.size();
                totalNanos += stepNanos;
                if (bar != null) {
                    bar.step();
                }
                long done = step + 1;
                if (done % config.logEvery() == 0 || done == config.steps()) {
                    imagesPerSecond = windowImages / Math.max(windowNanos / 1e9, 1e-9);
                    windowNanos = 0;
                    windowImages = 0;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", done);
                    row.put("loss", loss);
                    row.put("lr", lr);
                    row.put("images_per_s", imagesPerSecond);
                    metrics.write(row);
                }
                if (bar != null) {
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %.0f img/s", loss, imagesPerSecond));
                }
                if (done % config.checkpointEvery() == 0 || done == config.steps()) {
                    checkpoints.save(done, model, optimizer, meta);
                }
                if (listener != null) {
                    listener.afterStep(done, loss);
                }
            }
        }
        return new Stats(lastLoss, totalImages, totalNanos / 1e9);
    }

    private double trainStep(Objective objective, ViewBatch batch, double lr) {
        try (NDManager step = model.manager().newSubManager()) {
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = objective.loss(step, batch);
                collector.backward(value);
                loss = value.getFloat();
            }
            List<NDArray> params = new ArrayList<>(trainable.size());
            List<NDArray> grads = new ArrayList<>(trainable.size());
            for (Parameter p : trainable) {
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                g.attach(step);
                params.add(w);
                grads.add(g);
            }
            if (Double.isFinite(loss)) {
                if (config.clipNorm() > 0) {
                    clip(grads);
                }
                optimizer.step(params, grads, decay, lr, step);
            }
            for (NDArray g : grads) {
                g.muli(0); // PyTorch accumulates gradients across backward passes
            }
            return loss;
        }
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

    private ProgressBar progressBar(long startStep) {
        if (!config.progressBar()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(config.steps())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setUnit(" steps", 1)
                .showSpeed()
                .startsFrom(startStep, Duration.ZERO)
                .build();
    }
}
