package org.contrastive4j.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.eval.AgainstRawPixels;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.Evaluation;
import org.contrastive4j.eval.KnnClassifier;
import org.contrastive4j.eval.LinearProbe;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.EmbeddingMap;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Self-supervised pre-training of an image encoder, end to end: baselines (raw pixels, the
 * encoder at initialisation), training with a kNN curve, the final evaluation of the
 * representation before the head, and {@code report.html} with its pictures. Any
 * {@link Trainer.Objective} over view batches plugs in (SimCLR today).
 */
public final class ImagePretraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run reads, writes, and how much it evaluates. */
    public record RunConfig(
            Path out,
            int batchSize,
            long seed,
            int workers,
            boolean resume,
            int evalEvery,
            int curveTrainLimit,
            int curveTestLimit,
            int testLimit,
            int alignmentSamples,
            int mapPoints,
            int probeEpochs) {}

    /** The numbers a run ends with. */
    public record Summary(List<Evaluation.Result> results, long steps, double seconds, double imagesPerSecond, Path report) {}

    private ImagePretraining() {}

    /**
     * @param method the method's name, for the report
     * @param model the encoder evaluated (the query encoder; for DINO the teacher, as in the paper)
     * @param trainable what the trainer updates and checkpoints (the model, or the model with its momentum twin)
     * @param objective the loss of one view batch
     * @param views how the views are made
     * @param freshModel builds the model at initialisation (for the baseline row)
     * @param meta the configuration, stored in checkpoints and compared on resume
     */
    public static Summary run(String method, ImageModel model, Trainable trainable, Trainer.Objective<ViewBatch> objective,
                              ViewGenerator views,
                              java.util.function.Supplier<ImageModel> freshModel, ImageDataset train, ImageDataset test,
                              TrainerConfig trainerConfig, RunConfig run, JsonNode meta, PrintWriter log) throws IOException {
        Files.createDirectories(run.out());
        int[] shape = {train.channels(), train.height(), train.width()};
        Trainer<ViewBatch> trainer = new Trainer<>(trainable, trainerConfig, run.out(), meta);
        trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
        long start = trainer.startOrResume(run.resume(), log);
        log.flush();

        Evaluation curve = new Evaluation(train, test, run.curveTrainLimit(), run.curveTestLimit(), views, 0,
                KnnClassifier.defaults(), null, run.seed());
        Evaluation full = new Evaluation(train, test, Integer.MAX_VALUE, run.testLimit(), views, run.alignmentSamples(),
                KnnClassifier.defaults(), new LinearProbe(run.probeEpochs(), 256, 1e-2, 1e-4, run.seed()), run.seed());

        Path baselinesFile = run.out().resolve("baselines.json");
        List<Evaluation.Result> baselines;
        if (start > 0 && Files.exists(baselinesFile)) {
            baselines = List.of(JSON.readValue(baselinesFile.toFile(), Evaluation.Result[].class));
        } else {
            log.println("evaluating the baselines (raw pixels, encoder at initialisation) ...");
            log.flush();
            Evaluation.Result pixels = full.evaluate("raw pixels", x -> x, true);
            Evaluation.Result init;
            try (ImageModel initial = freshModel.get()) {
                init = full.evaluate("encoder at initialisation", featurizer(initial, shape), true);
            }
            baselines = List.of(pixels, init);
            JSON.writerWithDefaultPrettyPrinter().writeValue(baselinesFile.toFile(), baselines);
        }

        Trainer.Stats stats;
        Evaluation.Result trained;
        Evaluation.Features trainedFeatures;
        try (ViewBatches batches = new ViewBatches(train, views, run.batchSize(), run.seed(), start, run.workers());
             MetricsLog metrics = new MetricsLog(run.out().resolve("metrics.jsonl"), start)) {
            if (start == 0) {
                metrics.write(Map.of("step", 0, "knn_curve", curve.knnAccuracy(featurizer(model, shape))));
            }
            log.printf(Locale.ROOT, "training %s: %d steps of %d images (%d per epoch), %s%n", method,
                    trainerConfig.steps(), run.batchSize(), batches.stepsPerEpoch(), model.config());
            log.flush();
            stats = trainer.run(batches::next, objective, start, metrics, (step, loss) -> {
                if (run.evalEvery() > 0 && (step % run.evalEvery() == 0 || step == trainerConfig.steps())) {
                    metrics.write(Map.of("step", step, "knn_curve", curve.knnAccuracy(featurizer(model, shape))));
                }
            });
            log.println("evaluating the trained encoder ...");
            log.flush();
            trainedFeatures = full.features(featurizer(model, shape));
            trained = full.evaluate("trained encoder (" + method + ")", trainedFeatures, true);
            metrics.write(Map.of("step", trainerConfig.steps(), "knn", trained.knn(), "linear_probe", trained.linear(),
                    "alignment", trained.alignment(), "uniformity", trained.uniformity()));
        }
        double seconds = stats.seconds();
        double imagesPerSecond = stats.examplesPerSecond();

        List<Evaluation.Result> results = new ArrayList<>(baselines);
        results.add(trained);
        JSON.writerWithDefaultPrettyPrinter().writeValue(run.out().resolve("results.json").toFile(), Map.of(
                "results", results, "steps", trainerConfig.steps(), "train_seconds", seconds,
                "images_per_second", imagesPerSecond, "config", meta));

        ImageEncoder.save(model, shape, method, run.out().resolve("model"));
        Path report = writeReport(method, trainedFeatures.test(), full.testLabels(), test, results, trainerConfig, run, seconds,
                imagesPerSecond, meta);
        printTable(log, results);
        log.println(AgainstRawPixels.sentence(trained, results.get(0), full.testLabels().length));
        log.printf(Locale.ROOT, "%d steps in %.0f s (%.0f images/s); report: %s%nimage encoder: %s (c4j embed --images DIR --model %s)%n",
                trainerConfig.steps() - start, seconds, imagesPerSecond, report, run.out().resolve("model"), run.out().resolve("model"));
        log.flush();
        return new Summary(results, trainerConfig.steps(), seconds, imagesPerSecond, report);
    }

    static UnaryOperator<float[][]> featurizer(ImageModel model, int[] shape) {
        return x -> Embeddings.of(model, x, shape);
    }

    private static Path writeReport(String method, float[][] testFeatures, int[] testLabels, ImageDataset test,
                                    List<Evaluation.Result> results, TrainerConfig trainerConfig, RunConfig run,
                                    double seconds, double imagesPerSecond, JsonNode meta) throws IOException {
        Path out = run.out();
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        Charts.line(out.resolve("loss.png"), method + " training loss", "step", "loss",
                Map.of("loss", MetricsLog.series(rows, "loss")));
        Charts.line(out.resolve("knn.png"), "kNN accuracy during training (" + run.curveTestLimit() + " test images, "
                + run.curveTrainLimit() + " training images as memory)", "step", "accuracy", Map.of("kNN", MetricsLog.series(rows, "knn_curve")));

        int points = Math.min(run.mapPoints(), testFeatures.length);
        float[][] features = java.util.Arrays.copyOf(testFeatures, points);
        int[] labels = java.util.Arrays.copyOf(testLabels, points);
        Charts.scatter(out.resolve("embedding-map.png"), "t-SNE of " + points + " test representations",
                EmbeddingMap.tsne(features, run.seed()), labels, test.classNames());

        List<List<String>> table = new ArrayList<>();
        table.add(List.of("representation", "kNN accuracy (k=200)", "linear probe accuracy", "alignment", "uniformity",
                "against raw pixels (points)"));
        for (Evaluation.Result r : results) {
            table.add(List.of(r.name(), pct(r.knn()), pct(r.linear()), num(r.alignment()), num(r.uniformity()),
                    r == results.get(0) ? "" : AgainstRawPixels.column(r, results.get(0))));
        }
        HtmlReport html = new HtmlReport("contrastive4j: " + method)
                .paragraph(String.format(Locale.ROOT, "%d steps of %d images, %.0f s in training steps (%.0f images/s, evaluations excluded) on this machine.",
                        trainerConfig.steps(), run.batchSize(), seconds, imagesPerSecond))
                .heading("Representation quality on the test set (before the projection head)")
                .paragraph(AgainstRawPixels.sentence(results.get(results.size() - 1), results.get(0), testLabels.length))
                .table(table)
                .paragraph("Alignment: mean squared distance between two augmented views' normalised representations "
                        + "(lower is better). Uniformity: log E exp(-2 ||f(x) - f(y)||^2) (lower is more uniform).")
                .heading("Training")
                .image("loss.png", "training loss per logged step")
                .image("knn.png", "kNN accuracy on a subset during training");
        double[][] entropy = MetricsLog.series(rows, "teacher_entropy");
        if (entropy[0].length > 0) {
            Charts.line(out.resolve("collapse.png"), "collapse indicators (teacher output entropy, representation std x 10)",
                    "step", "value", Map.of("teacher entropy (nats)", entropy,
                            "teacher representation std x 10", scaled(MetricsLog.series(rows, "teacher_std"), 10)));
            html.image("collapse.png", "DINO collapse indicators: entropy near 0 means one prototype wins, std near 0 one point");
        }
        double[][] falseNegatives = MetricsLog.series(rows, "false_negatives_top5");
        if (falseNegatives[0].length > 0) {
            Charts.line(out.resolve("false-negatives.png"), "same-class share of each view's 5 hardest in-batch negatives",
                    "step", "share", Map.of("top-5 negatives", falseNegatives, "chance", MetricsLog.series(rows, "false_negatives_chance")));
            html.image("false-negatives.png", "false negatives among the hardest in-batch negatives, against chance");
        }
        html.heading("Embedding map")
                .image("embedding-map.png", "t-SNE of test representations, coloured by class")
                .heading("Configuration");
        html.settings(meta);
        Path report = out.resolve("report.html");
        html.write(report);
        return report;
    }

    private static double[][] scaled(double[][] series, double factor) {
        double[][] s = {series[0], series[1].clone()};
        for (int i = 0; i < s[1].length; i++) {
            s[1][i] *= factor;
        }
        return s;
    }

    static void printTable(PrintWriter log, List<Evaluation.Result> results) {
        log.printf(Locale.ROOT, "%n%-40s %10s %10s %10s %10s  %s%n", "representation", "kNN", "linear", "align", "uniform",
                "against raw pixels (points)");
        for (Evaluation.Result r : results) {
            log.printf(Locale.ROOT, "%-40s %10s %10s %10s %10s  %s%n", r.name(), pct(r.knn()), pct(r.linear()),
                    num(r.alignment()), num(r.uniformity()), r == results.get(0) ? "" : AgainstRawPixels.column(r, results.get(0)));
        }
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

}
