package org.contrastive4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.eval.TextEvaluation;
import org.contrastive4j.loss.PairLoss;
import org.contrastive4j.method.Retriever;
import org.contrastive4j.method.TextObjectives;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * Fine-tuning a {@link TextEncoder} on text pairs: batches of pairs, each anchor against its
 * positive, the other positives of the batch and the batch's hard negatives, under a
 * {@link PairLoss}; AdamW with linear warm-up (10% of the steps) and decay, the gradient norm
 * clipped at 1. Everything stays in
 * memory unless asked: {@link #checkpoints} (and resuming from them), {@link #metrics} (a
 * JSONL file), {@link #progress} (a listener). Same seed, same numbers.
 */
public final class TextFit {
    private final TextEncoder model;
    private final PairLoss loss;
    private List<TextPair> data;
    private RetrievalEvaluator evaluator;
    private FitOptions options = Fit.epochs(1);
    private double weightDecay = 0.01;
    private double clipNorm = 1.0;
    private int chunkSize;

    TextFit(TextEncoder model, PairLoss loss) {
        if (model == null || loss == null) {
            throw new InvalidInputException("Fit.of needs a model and a loss, got " + model + " and " + loss);
        }
        this.model = model;
        this.loss = loss;
    }

    /** The training pairs (anchor, positive[, hard negative]). */
    public TextFit data(List<TextPair> pairs) {
        this.data = pairs;
        return this;
    }

    public TextFit evaluator(RetrievalEvaluator evaluator) {
        this.evaluator = evaluator;
        return this;
    }

    /** Epochs, batch size, seed, learning rate, checkpoints, metrics and progress at once. */
    public TextFit options(FitOptions fitOptions) {
        this.options = fitOptions;
        return this;
    }

    public TextFit epochs(int epochs) {
        options = options.epochs(epochs);
        return this;
    }

    /** Pairs per step, at least 2 (the other pairs are each anchor's in-batch negatives); default 64. */
    public TextFit batchSize(int batchSize) {
        options = options.batchSize(batchSize);
        return this;
    }

    public TextFit seed(long seed) {
        options = options.seed(seed);
        return this;
    }

    /** Peak learning rate; default 5e-5. */
    public TextFit learningRate(double learningRate) {
        options = options.learningRate(learningRate);
        return this;
    }

    /** AdamW's decoupled weight decay; default 0.01. */
    public TextFit weightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw InvalidInputException.parameter("weightDecay", "must be >= 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
        return this;
    }

    /** Clips the global gradient norm to this (0: off); default 1. */
    public TextFit clipNorm(double clipNorm) {
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw InvalidInputException.parameter("clipNorm", "must be >= 0, got " + clipNorm);
        }
        this.clipNorm = clipNorm;
        return this;
    }

    /**
     * GradCache (as sentence-transformers' CachedMultipleNegativesRankingLoss): the loss over the
     * whole batch, the encoder's activations for {@code chunkSize} texts at a time, the same
     * gradients; for batches larger than memory allows. 0 (the default): off.
     */
    public TextFit gradCache(int chunkSize) {
        this.chunkSize = TextObjectives.checkChunk(chunkSize);
        return this;
    }

    /** Writes a checkpoint into {@code dir} every {@code every} steps and at the end; a run that finds checkpoints there resumes. */
    public TextFit checkpoints(Path dir, int every) {
        options = options.checkpoints(dir, every);
        return this;
    }

    /** Appends each logged step (loss, learning rate, pairs per second) as a JSON line to {@code file}. */
    public TextFit metrics(Path file) {
        options = options.metrics(file);
        return this;
    }

    public TextFit progress(Fit.Progress progress) {
        options = options.progress(progress);
        return this;
    }

    /** Trains; the model's weights are updated in place (save it with {@link TextEncoder#save}). */
    public FitResult run() {
        int batchSize = options.batchSizeOr(64);
        double learningRate = options.learningRateOr(5e-5);
        long seed = options.seed();
        int epochs = options.epochs();
        Path checkpointDir = options.checkpointDir();
        if (data == null || data.isEmpty()) {
            throw new InvalidInputException("no training pairs: give them with data(...)");
        }
        RetrievalEvaluator.Split split = evaluator == null ? new RetrievalEvaluator.Split(data, List.of()) : evaluator.split(data, seed);
        if (split.train().size() < batchSize) {
            throw new InvalidInputException("batchSize " + batchSize + " is more than the " + split.train().size()
                    + " pairs to train on");
        }
        TextBatches batches = new TextBatches(split.train(), batchSize, seed);
        long steps = (long) epochs * batches.stepsPerEpoch();
        TrainerConfig config = TrainerConfig.defaults(steps).learningRate(learningRate).warmupSteps(Math.max(1, steps / 10))
                .weightDecay(weightDecay).clipNorm(clipNorm).checkpointEvery(options.checkpointEvery()).progressBar(false);
        ObjectNode meta = new ObjectMapper().createObjectNode().put("loss", loss.getClass().getName()).put("pairs", split.train().size())
                .put("batch_size", batchSize).put("epochs", epochs).put("seed", seed).put("learning_rate", learningRate)
                .put("weight_decay", weightDecay).put("clip_norm", clipNorm);
        if (chunkSize > 0) {
            meta.put("chunk", chunkSize); // only then: checkpoints written before GradCache existed still resume
        }
        Trainer<TextBatch> trainer = new Trainer<>(model.model(), config, checkpointDir, meta);
        try {
            long start = checkpointDir == null ? 0
                    : trainer.startOrResume(trainer.checkpoints().latest() != null, new PrintWriter(Writer.nullWriter()));
            TextEvaluation.Result before = evaluator != null && start == 0
                    ? RetrievalEvaluator.evaluate("before", model.model(), split.evaluation()) : null;
            Trainer.Stats stats;
            try (MetricsLog metrics = options.metricsFile() == null ? null : new MetricsLog(options.metricsFile(), start)) {
                long[] next = {start};
                stats = trainer.run(() -> batches.make(next[0]++), new Retriever(model.model(), loss, chunkSize, seed), start, metrics,
                        options.progress() == null ? null : (step, value) -> options.progress().step(step, steps, value));
            }
            TextEvaluation.Result after = evaluator != null ? RetrievalEvaluator.evaluate("after", model.model(), split.evaluation()) : null;
            return new FitResult(steps, stats.seconds(), stats.examplesPerSecond(), stats.lastLoss(), before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
