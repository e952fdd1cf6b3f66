package org.contrastive4j.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.ZeroShotEvaluation;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.EmbeddingMap;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CLIP run end to end: captions from the class texts, the model at initialisation as the
 * baseline, training with a zero-shot curve, then zero-shot accuracy on the test images from
 * unseen prompt templates (prompt ensembles), retrieval both ways, the model in OUT/model and
 * OUT/report.html.
 */
public final class ClipTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run writes and how much it evaluates. */
    public record RunConfig(Path out, int batchSize, long seed, int workers, boolean resume, int evalEvery,
                            int curveTestLimit, int testLimit, int mapPoints) {}

    /** What a zero-shot evaluation of one model gives, with its name. */
    public record Row(String name, ZeroShotEvaluation.Result result) {}

    /** The numbers a run ends with. */
    public record Summary(List<Row> rows, double[] perClassAccuracy, double logitScale, double seconds,
                          double imagesPerSecond, Path model, Path report) {}

    private ClipTraining() {}

    public static Summary run(ClipModel model, List<Captions.ClassText> classes, ImageDataset train, ImageDataset test,
                              ViewGenerator views, TrainerConfig trainerConfig, RunConfig run, JsonNode meta,
                              PrintWriter log) throws IOException {
        Files.createDirectories(run.out());
        List<List<String>> captions = classes.stream().map(Captions::training).toList();
        List<List<String>> prompts = classes.stream().map(Captions::prompts).toList();
        int fewest = captions.stream().mapToInt(List::size).min().orElse(0);
        log.printf(Locale.ROOT, "captions: %d in all (%d to %d per class); zero-shot prompts: %d in all, from %d unseen templates "
                        + "x the class names%n", captions.stream().mapToInt(List::size).sum(), fewest,
                captions.stream().mapToInt(List::size).max().orElse(0), prompts.stream().mapToInt(List::size).sum(),
                Captions.ZERO_SHOT_TEMPLATES.size());
        log.printf("  e.g. '%s' | '%s'%n", captions.get(2).get(0), captions.get(2).get(captions.get(2).size() - 1));
        log.flush();

        Trainer<ViewBatch> trainer = new Trainer<>(model, trainerConfig, run.out(), meta);
        trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
        long start = trainer.startOrResume(run.resume(), log);
        float[][] curveImages = Embeddings.images(test, run.curveTestLimit());
        int[] curveLabels = Arrays.copyOf(test.labels(), curveImages.length);
        float[][] testImages = Embeddings.images(test, run.testLimit());
        int[] testLabels = Arrays.copyOf(test.labels(), testImages.length);

        Path baselineFile = run.out().resolve("baseline.json");
        Row init;
        if (start > 0 && Files.exists(baselineFile)) {
            init = JSON.readValue(baselineFile.toFile(), Row.class);
        } else {
            log.println("evaluating the model at initialisation ...");
            log.flush();
            init = new Row("CLIP at initialisation", evaluate(model, testImages, testLabels, prompts).result());
            JSON.writerWithDefaultPrettyPrinter().writeValue(baselineFile.toFile(), init);
        }

        CaptionSampler sampler = new CaptionSampler(captions, run.seed());
        Clip objective = new Clip(model, sampler, run.seed());
        Trainer.Stats stats;
        try (ViewBatches batches = new ViewBatches(train, views, run.batchSize(), run.seed(), start, run.workers());
             MetricsLog metrics = new MetricsLog(run.out().resolve("metrics.jsonl"), start)) {
            if (start == 0) {
                metrics.write(Map.of("step", 0, "zero_shot_curve", zeroShot(model, curveImages, curveLabels, prompts)));
            }
            log.printf(Locale.ROOT, "training CLIP: %d steps of %d image-caption pairs (%d per epoch), image tower %s, "
                            + "text tower MiniLM with %d layer(s) tuned, joint dimension %d%n", trainerConfig.steps(), run.batchSize(),
                    batches.stepsPerEpoch(), model.config().image(), model.config().tunedTextLayers(), model.config().jointDim());
            log.flush();
            stats = trainer.run(batches::next, objective, start, metrics, (step, loss) -> {
                if (run.evalEvery() > 0 && (step % run.evalEvery() == 0 || step == trainerConfig.steps())) {
                    metrics.write(Map.of("step", step, "zero_shot_curve", zeroShot(model, curveImages, curveLabels, prompts)));
                }
            });
            log.println("evaluating the trained model ...");
            log.flush();
            Evaluated trained = evaluate(model, testImages, testLabels, prompts);
            Row row = new Row("CLIP trained", trained.result());
            metrics.write(Map.of("step", trainerConfig.steps(), "zero_shot", row.result().accuracy(),
                    "image_to_text_r1", row.result().imageToTextR1(), "text_to_image_r1", row.result().textToImageR1()));
            Path modelDir = run.out().resolve("model");
            model.save(modelDir);
            double[] perClass = perClassAccuracy(trained.predicted(), testLabels, classes.size());
            List<Row> rows = List.of(init, row);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("rows", rows);
            results.put("per_class_accuracy", perClass);
            results.put("logit_scale", model.loss().scale());
            results.put("train_seconds", stats.seconds());
            results.put("images_per_second", stats.examplesPerSecond());
            results.put("config", meta);
            JSON.writerWithDefaultPrettyPrinter().writeValue(run.out().resolve("results.json").toFile(), results);
            Path report = writeReport(run, classes, rows, perClass, trained.imageEmbeddings(), testLabels, trainerConfig,
                    stats, model.loss().scale(), meta);
            printTable(log, rows);
            log.printf(Locale.ROOT, "logit scale %.1f; %d steps in %.0f s (%.0f images/s); model: %s; report: %s%n",
                    model.loss().scale(), trainerConfig.steps() - start, stats.seconds(), stats.examplesPerSecond(), modelDir, report);
            log.flush();
            return new Summary(rows, perClass, model.loss().scale(), stats.seconds(), stats.examplesPerSecond(), modelDir, report);
        }
    }

    /** The class vectors: each class's prompt embeddings, ensembled. */
    public static float[][] classVectors(ClipModel model, List<List<String>> prompts) {
        float[][] out = new float[prompts.size()][];
        for (int c = 0; c < prompts.size(); c++) {
            out[c] = ZeroShotEvaluation.ensemble(model.embedTexts(prompts.get(c)));
        }
        return out;
    }

    static double zeroShot(ClipModel model, float[][] images, int[] labels, List<List<String>> prompts) {
        return ZeroShotEvaluation.accuracy(ZeroShotEvaluation.classify(model.embedImages(images), classVectors(model, prompts)), labels);
    }

    private record Evaluated(ZeroShotEvaluation.Result result, int[] predicted, float[][] imageEmbeddings) {}

    private static Evaluated evaluate(ClipModel model, float[][] images, int[] labels, List<List<String>> prompts) {
        float[][] imageEmbeddings = model.embedImages(images);
        List<String> allPrompts = prompts.stream().flatMap(List::stream).toList();
        float[][] promptEmbeddings = model.embedTexts(allPrompts);
        float[][] classVectors = new float[prompts.size()][];
        for (int c = 0, from = 0; c < prompts.size(); from += prompts.get(c).size(), c++) {
            classVectors[c] = ZeroShotEvaluation.ensemble(Arrays.copyOfRange(promptEmbeddings, from, from + prompts.get(c).size()));
        }
        ZeroShotEvaluation.Result result = ZeroShotEvaluation.evaluate(imageEmbeddings, labels, classVectors, promptEmbeddings,
                ZeroShotEvaluation.labelsOf(prompts));
        return new Evaluated(result, ZeroShotEvaluation.classify(imageEmbeddings, classVectors), imageEmbeddings);
    }

    static double[] perClassAccuracy(int[] predicted, int[] labels, int classes) {
        double[] correct = new double[classes];
        double[] total = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            total[labels[i]]++;
            correct[labels[i]] += predicted[i] == labels[i] ? 1 : 0;
        }
        for (int c = 0; c < classes; c++) {
            correct[c] = total[c] == 0 ? Double.NaN : correct[c] / total[c];
        }
        return correct;
    }

    private static Path writeReport(RunConfig run, List<Captions.ClassText> classes, List<Row> rows, double[] perClass,
                                    float[][] imageEmbeddings, int[] labels, TrainerConfig trainerConfig, Trainer.Stats stats,
                                    double scale, JsonNode meta) throws IOException {
        Path out = run.out();
        List<Map<String, Object>> metrics = MetricsLog.read(out.resolve("metrics.jsonl"));
        Charts.line(out.resolve("loss.png"), "CLIP training loss", "step", "loss", Map.of("loss", MetricsLog.series(metrics, "loss")));
        Charts.line(out.resolve("logit-scale.png"), "learned logit scale exp(t) (clamped at 100)", "step", "scale",
                Map.of("exp(t)", MetricsLog.series(metrics, "logit_scale")));
        Charts.line(out.resolve("zero-shot.png"), "zero-shot accuracy during training (" + run.curveTestLimit() + " test images)",
                "step", "accuracy", Map.of("zero-shot", MetricsLog.series(metrics, "zero_shot_curve")));
        int points = Math.min(run.mapPoints(), imageEmbeddings.length);
        List<String> names = classes.stream().map(Captions.ClassText::label).toList();
        Charts.scatter(out.resolve("embedding-map.png"), "t-SNE of " + points + " test images in the joint space",
                EmbeddingMap.tsne(Arrays.copyOf(imageEmbeddings, points), run.seed()), Arrays.copyOf(labels, points), names);

        List<List<String>> table = new ArrayList<>();
        table.add(List.of("model", "zero-shot accuracy", "image->text R@1", "image->text R@5", "text->image R@1", "text->image R@5"));
        for (Row r : rows) {
            ZeroShotEvaluation.Result x = r.result();
            table.add(List.of(r.name(), pct(x.accuracy()), pct(x.imageToTextR1()), pct(x.imageToTextR5()),
                    pct(x.textToImageR1()), pct(x.textToImageR5())));
        }
        List<List<String>> classTable = new ArrayList<>();
        classTable.add(List.of("class", "zero-shot accuracy", "zero-shot prompt (first of the ensemble)"));
        for (int c = 0; c < classes.size(); c++) {
            classTable.add(List.of(names.get(c), pct(perClass[c]), Captions.prompts(classes.get(c)).get(0)));
        }
        HtmlReport html = new HtmlReport("contrastive4j: CLIP")
                .paragraph(String.format(Locale.ROOT, "%d steps of %d image-caption pairs, %.0f s in training steps (%.0f images/s); "
                        + "learned logit scale %.1f.", trainerConfig.steps(), run.batchSize(), stats.seconds(),
                        stats.examplesPerSecond(), scale))
                .heading("Zero-shot classification and retrieval on the test images (chance 10%)")
                .table(table)
                .paragraph("Zero-shot: each class is the normalised mean of its prompt embeddings; prompts use templates no "
                        + "training caption uses. Retrieval relevance is the class (captions describe classes): image->text "
                        + "ranks every prompt for each test image, text->image ranks the test images for each prompt.")
                .table(classTable)
                .heading("Training")
                .image("loss.png", "training loss")
                .image("logit-scale.png", "learned logit scale")
                .image("zero-shot.png", "zero-shot accuracy during training")
                .heading("Joint space")
                .image("embedding-map.png", "t-SNE of test image embeddings, coloured by class")
                .heading("Configuration");
        html.settings(meta);
        Path report = out.resolve("report.html");
        html.write(report);
        return report;
    }

    private static void printTable(PrintWriter log, List<Row> rows) {
        log.printf(Locale.ROOT, "%n%-26s %10s %10s %10s %10s %10s%n", "model", "zero-shot", "i->t R@1", "i->t R@5", "t->i R@1", "t->i R@5");
        for (Row r : rows) {
            ZeroShotEvaluation.Result x = r.result();
            log.printf(Locale.ROOT, "%-26s %10s %10s %10s %10s %10s%n", r.name(), pct(x.accuracy()), pct(x.imageToTextR1()),
                    pct(x.imageToTextR5()), pct(x.textToImageR1()), pct(x.textToImageR5()));
        }
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
