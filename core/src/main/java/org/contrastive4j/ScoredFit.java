package org.contrastive4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.Batch;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.ScoredPair;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.StsEvaluation;
import org.contrastive4j.loss.ScoredPairLoss;
import org.contrastive4j.method.TextObjectives;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tuning a {@link TextEncoder} on pairs with a graded score (STS-style data) under a
 * {@link ScoredPairLoss} such as {@code CoSENTLoss} or {@code AnglELoss}: shuffled batches of
 * pairs, AdamW with a 10% linear warm-up, the gradient norm clipped at 1; optionally a held-out
 * share of the pairs on which the Spearman and Pearson correlations are measured before and
 * after. Same seed, same numbers.
 */
public final class ScoredFit {
    /** What the run did, with the held-out correlations (null without {@link #heldOut}; {@code before} null after a resume). */
    public record Result(long steps, double seconds, double pairsPerSecond, double lastLoss, StsEvaluation.Result before,
                         StsEvaluation.Result after) {}

    private final TextEncoder model;
    private final ScoredPairLoss loss;
    private List<ScoredPair> data;
    private double heldOut;
    private FitOptions options = Fit.epochs(1);
    private int chunkSize;

    ScoredFit(TextEncoder model, ScoredPairLoss loss) {
        if (model == null || loss == null) {
            throw new InvalidInputException("Fit.of needs a model and a loss, got " + model + " and " + loss);
        }
        this.model = model;
        this.loss = loss;
    }

    public ScoredFit data(List<ScoredPair> pairs) {
        this.data = pairs;
        return this;
    }

    /** Keeps this share of the pairs out of training and reports the correlations on it before and after. */
    public ScoredFit heldOut(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw InvalidInputException.parameter("heldOut", "must be between 0 and 1, got " + fraction);
        }
        this.heldOut = fraction;
        return this;
    }

    /**
     * GradCache: the loss over the whole batch (CoSENT and AnglE rank every pair of the batch
     * against every other), the encoder's activations for {@code chunkSize} texts at a time, the
     * same gradients. 0 (the default): off.
     */
    public ScoredFit gradCache(int chunkSize) {
        this.chunkSize = TextObjectives.checkChunk(chunkSize);
        return this;
    }

    /** Epochs, batch size (default 64), seed, learning rate (default 2e-5), checkpoints, metrics, progress. */
    public ScoredFit options(FitOptions fitOptions) {
        this.options = fitOptions;
        return this;
    }

    public Result run() {
        if (data == null || data.size() < 2) {
            throw new InvalidInputException("ScoredFit needs at least 2 scored pairs: give them with data(...)");
        }
        int[] order = Permutations.of(data.size(), Seeds.forPurpose(options.seed(), "held-out-pairs"));
        int held = (int) Math.round(data.size() * heldOut);
        List<ScoredPair> evaluation = new ArrayList<>();
        List<ScoredPair> train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < held ? evaluation : train).add(data.get(order[i]));
        }
        if (heldOut > 0 && evaluation.size() < 3) {
            throw InvalidInputException.parameter("heldOut", "leaves " + evaluation.size() + " pairs to evaluate on; at least 3 are needed");
        }
        int batchSize = options.batchSizeOr(64);
        if (train.size() < batchSize) {
            throw InvalidInputException.parameter("batchSize", "must be at most the " + train.size() + " training pairs, got " + batchSize);
        }
        int stepsPerEpoch = train.size() / batchSize;
        long steps = (long) options.epochs() * stepsPerEpoch;
        double learningRate = options.learningRateOr(2e-5);
        TrainerConfig config = TrainerConfig.defaults(steps).learningRate(learningRate).warmupSteps(Math.max(1, steps / 10))
                .weightDecay(0.01).clipNorm(1.0).checkpointEvery(options.checkpointEvery()).progressBar(false);
        var meta = new ObjectMapper().createObjectNode().put("loss", loss.getClass().getName()).put("pairs", train.size())
                .put("batch_size", batchSize).put("epochs", options.epochs()).put("seed", options.seed())
                .put("learning_rate", learningRate);
        if (chunkSize > 0) {
            meta.put("chunk", chunkSize); // only then: checkpoints written before GradCache existed still resume
        }
        TextModel text = model.model();
        Trainer<ScoredBatch> trainer = new Trainer<>(text, config, options.checkpointDir(), meta);
        try {
            long start = options.checkpointDir() == null ? 0
                    : trainer.startOrResume(trainer.checkpoints().latest() != null, new PrintWriter(Writer.nullWriter()));
            StsEvaluation.Result before = heldOut > 0 && start == 0 ? StsEvaluation.evaluate(text, evaluation, 64) : null;
            Trainer.Stats stats;
            long[] next = {start};
            try (MetricsLog metrics = options.metricsFile() == null ? null : new MetricsLog(options.metricsFile(), start)) {
                stats = trainer.run(() -> batch(train, batchSize, stepsPerEpoch, next[0]++), new Objective(text),
                        start, metrics, options.progress() == null ? null : (step, value) -> options.progress().step(step, steps, value));
            }
            StsEvaluation.Result after = heldOut > 0 ? StsEvaluation.evaluate(text, evaluation, 64) : null;
            return new Result(steps, stats.seconds(), stats.examplesPerSecond(), stats.lastLoss(), before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both texts of every pair through the encoder, each side its own pass; through GradCache when a chunk is set. */
    private final class Objective implements Trainer.Objective<ScoredBatch> {
        private final TextModel text;

        Objective(TextModel text) {
            this.text = text;
        }

        @Override
        public NDArray loss(NDManager step, ScoredBatch b) {
            TextObjectives.seedStep(options.seed(), b.step());
            List<List<String>> sides = sides(b);
            return lossOf(List.of(text.embed(step, sides.get(0), true), text.embed(step, sides.get(1), true)), b);
        }

        @Override
        public double backward(NDManager step, ScoredBatch b) {
            if (!TextObjectives.caches(chunkSize, b.size())) {
                return Trainer.Objective.super.backward(step, b);
            }
            return TextObjectives.cachedStep(text, step, sides(b), true, chunkSize, options.seed(), b.step(), z -> lossOf(z, b));
        }

        private List<List<String>> sides(ScoredBatch b) {
            return List.of(b.pairs().stream().map(ScoredPair::a).toList(), b.pairs().stream().map(ScoredPair::b).toList());
        }

        private NDArray lossOf(List<NDArray> z, ScoredBatch b) {
            float[] scores = new float[b.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) b.pairs().get(i).score();
            }
            return loss.forward(z.get(0), z.get(1), scores);
        }
    }

    /** The pairs of one step: epoch e's seeded permutation, the step's slice of it. */
    private ScoredBatch batch(List<ScoredPair> train, int batchSize, int stepsPerEpoch, long step) {
        long epoch = step / stepsPerEpoch;
        int[] order = Permutations.of(train.size(), Seeds.forEpoch(options.seed(), epoch));
        int offset = (int) (step % stepsPerEpoch) * batchSize;
        List<ScoredPair> pairs = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            pairs.add(train.get(order[offset + i]));
        }
        return new ScoredBatch(step, pairs);
    }

    record ScoredBatch(long step, List<ScoredPair> pairs) implements Batch {
        @Override
        public int size() {
            return pairs.size();
        }
    }
}
