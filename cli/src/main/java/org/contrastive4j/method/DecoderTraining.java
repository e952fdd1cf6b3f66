package org.contrastive4j.method;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.decoder.BeamSearch;
import org.contrastive4j.decoder.CaptionBatches;
import org.contrastive4j.decoder.CaptionObjective;
import org.contrastive4j.decoder.CaptionVocabulary;
import org.contrastive4j.decoder.Captioner;
import org.contrastive4j.decoder.ClassMentions;
import org.contrastive4j.decoder.DecoderConfig;
import org.contrastive4j.decoder.ImageCaptioner;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.ZeroShotEvaluation;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.tensor.NoGrad;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A decoder run end to end: the caption vocabulary, the inputs of the kind (frozen CLIP image
 * embeddings, noisy CLIP text embeddings, or pixels), the model at initialisation as the
 * baseline, training with a caption-accuracy curve, then on the test images: the share of
 * greedy captions that name the right class, caption perplexity (teacher forcing on one
 * reference caption per image), CoCa's contrastive zero-shot accuracy, and beam-search samples
 * per class. Writes OUT/model, OUT/results.json, OUT/report.html.
 */
public final class DecoderTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run writes and how it evaluates. */
    public record RunConfig(Path out, int batchSize, long seed, boolean resume, int evalEvery, int curveTestLimit,
                            int testLimit, int beamWidth, int samplesPerClass) {}

    /**
     * One model's numbers on the test images; zeroShot is NaN where the model has no contrastive
     * side, and for CLIP itself captionAccuracy and perplexity are NaN.
     */
    public record Row(String name, double captionAccuracy, double perplexity, double zeroShot) {}

    /** The numbers a run ends with. */
    public record Summary(List<Row> rows, double[] perClassAccuracy, Map<String, List<String>> samples, double seconds,
                          Path model, Path report) {}

    private DecoderTraining() {}

    /**
     * Trains a decoder of {@code config}'s kind ({@code clip} is the frozen CLIP model of the prefix
     * and zero-shot kinds, owned from now on; null for the others).
     */
    public static Summary run(DecoderConfig config, ClipModel clip, List<Captions.ClassText> classes, ImageDataset train,
                              ImageDataset test, TrainerConfig trainerConfig, RunConfig run, JsonNode meta, PrintWriter log)
            throws IOException {
        Files.createDirectories(run.out());
        List<List<String>> captions = classes.stream().map(Captions::training).toList();
        List<String> corpus = captions.stream().flatMap(List::stream).toList();
        CaptionVocabulary vocabulary = CaptionVocabulary.build(corpus);
        ClassMentions mentions = new ClassMentions(classes);
        try (ImageCaptioner model = new ImageCaptioner(Captioner.create(config, vocabulary, run.seed()), clip)) {
            Captioner captioner = model.captioner();
            log.printf(Locale.ROOT, "decoder %s: %,d parameters, vocabulary of %d tokens from %d captions, captions up to %d tokens%n",
                    config.kind().label(), captioner.parameterCount(), vocabulary.size(), corpus.size(), config.maxTokens());
            log.flush();

            float[][] testImages = Embeddings.images(test, run.testLimit());
            int[] testLabels = Arrays.copyOf(test.labels(), testImages.length);
            List<String> references = new CaptionSampler(captions, run.seed() + 1).sample(testLabels, 0);
            float[][] testInputs = model.inputs(testImages);
            CaptionObjective.Inputs trainInputs = trainInputs(config.kind(), clip, train, corpus, log);

            Trainer<org.contrastive4j.decoder.CaptionBatch> trainer = new Trainer<>(captioner, trainerConfig, run.out(), meta);
            trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
            long start = trainer.startOrResume(run.resume(), log);
            Path baselineFile = run.out().resolve("baseline.json");
            List<Row> rows = new ArrayList<>();
            if (clip != null) {
                List<List<String>> prompts = classes.stream().map(Captions::prompts).toList();
                rows.add(new Row("frozen CLIP (zero-shot classifier, for reference)", Double.NaN, Double.NaN,
                        ClipTraining.zeroShot(clip, testImages, testLabels, prompts)));
            }
            Row init;
            if (start > 0 && Files.exists(baselineFile)) {
                init = JSON.readValue(baselineFile.toFile(), Row.class);
            } else {
                log.println("evaluating the decoder at initialisation ...");
                log.flush();
                init = evaluate("decoder at initialisation", model, testImages, testInputs, testLabels, references, classes,
                        mentions).row();
                JSON.writerWithDefaultPrettyPrinter().writeValue(baselineFile.toFile(), init);
            }
            rows.add(init);

            int curve = Math.min(run.curveTestLimit(), testInputs.length);
            float[][] curveInputs = Arrays.copyOf(testInputs, curve);
            int[] curveLabels = Arrays.copyOf(testLabels, curve);
            BeamSearch greedy = new BeamSearch(1, config.maxTokens() - 1, 0);
            CaptionBatches batches = new CaptionBatches(train.labels(), run.batchSize(), new CaptionSampler(captions, run.seed()),
                    run.seed());
            long[] next = {start};
            Trainer.Stats stats;
            try (MetricsLog metrics = new MetricsLog(run.out().resolve("metrics.jsonl"), start)) {
                if (start == 0) {
                    metrics.write(Map.of("step", 0, "caption_accuracy_curve",
                            mentions.accuracy(captioner.caption(curveInputs, greedy), curveLabels)));
                }
                log.printf(Locale.ROOT, "training the %s decoder: %d steps of %d image-caption pairs (%d per epoch)%n",
                        config.kind().label(), trainerConfig.steps(), run.batchSize(), batches.stepsPerEpoch());
                log.flush();
                stats = trainer.run(() -> batches.batch(next[0]++), new CaptionObjective(captioner, trainInputs, run.seed()), start,
                        metrics, (step, loss) -> {
                            if (run.evalEvery() > 0 && (step % run.evalEvery() == 0 || step == trainerConfig.steps())) {
                                metrics.write(Map.of("step", step, "caption_accuracy_curve",
                                        mentions.accuracy(captioner.caption(curveInputs, greedy), curveLabels)));
                            }
                        });
                log.println("evaluating the trained decoder ...");
                log.flush();
                Evaluated trained = evaluate("decoder trained", model, testImages, testInputs, testLabels, references, classes,
                        mentions);
                rows.add(trained.row());
                metrics.write(Map.of("step", trainerConfig.steps(), "caption_accuracy", trained.row().captionAccuracy(),
                        "perplexity", trained.row().perplexity()));
                Map<String, List<String>> samples = samples(model, classes, testImages, testLabels,
                        new BeamSearch(run.beamWidth(), config.maxTokens() - 1, 1.0), run.samplesPerClass());
                Path modelDir = run.out().resolve("model");
                model.save(modelDir);
                double[] perClass = mentions.perClassAccuracy(trained.captions(), testLabels);
                Map<String, Object> results = new LinkedHashMap<>();
                results.put("rows", rows);
                results.put("per_class_caption_accuracy", perClass);
                results.put("samples", samples);
                results.put("train_seconds", stats.seconds());
                results.put("config", meta);
                JSON.writerWithDefaultPrettyPrinter().writeValue(run.out().resolve("results.json").toFile(), results);
                Path report = writeReport(run, config, classes, rows, perClass, samples, trainerConfig, stats, meta);
                printTable(log, rows);
                log.printf(Locale.ROOT, "%d steps in %.0f s; model: %s; report: %s%n", trainerConfig.steps() - start,
                        stats.seconds(), modelDir, report);
                log.flush();
                return new Summary(rows, perClass, samples, stats.seconds(), modelDir, report);
            }
        }
    }

    /** What a training example reads: its image's CLIP embedding (prefix), its caption's (zero-shot), or its pixels. */
    private static CaptionObjective.Inputs trainInputs(DecoderConfig.Kind kind, ClipModel clip, ImageDataset train,
                                                       List<String> corpus, PrintWriter log) {
        switch (kind) {
            case PREFIX -> {
                log.printf("embedding %d training images with the frozen CLIP image tower ...%n", train.size());
                log.flush();
                float[][] embedded = clip.embedImages(Embeddings.images(train, train.size()));
                return (index, caption) -> embedded[index];
            }
            case ZEROSHOT -> {
                List<String> distinct = new ArrayList<>(new LinkedHashSet<>(corpus));
                log.printf("embedding %d distinct captions with the frozen CLIP text tower (no image is used in training) ...%n",
                        distinct.size());
                log.flush();
                float[][] embedded = clip.embedTexts(distinct);
                Map<String, float[]> byCaption = new HashMap<>();
                for (int i = 0; i < distinct.size(); i++) {
                    byCaption.put(distinct.get(i), embedded[i]);
                }
                return (index, caption) -> byCaption.get(caption);
            }
            default -> {
                return (index, caption) -> train.image(index);
            }
        }
    }

    private record Evaluated(Row row, String[] captions) {}

    private static Evaluated evaluate(String name, ImageCaptioner model, float[][] images, float[][] inputs, int[] labels,
                                      List<String> references, List<Captions.ClassText> classes, ClassMentions mentions) {
        Captioner captioner = model.captioner();
        String[] generated = captioner.caption(inputs, new BeamSearch(1, captioner.config().maxTokens() - 1, 0));
        double zeroShot = Double.NaN;
        if (model.contrastive()) {
            List<List<String>> prompts = classes.stream().map(Captions::prompts).toList();
            float[][] classVectors = new float[prompts.size()][];
            for (int c = 0; c < prompts.size(); c++) {
                classVectors[c] = ZeroShotEvaluation.ensemble(model.embedTexts(prompts.get(c)));
            }
            zeroShot = ZeroShotEvaluation.accuracy(ZeroShotEvaluation.classify(model.embedImages(images), classVectors), labels);
        }
        return new Evaluated(new Row(name, mentions.accuracy(generated, labels), perplexity(captioner, inputs, references), zeroShot),
                generated);
    }

    /** exp(mean negative log-likelihood per target token) of the reference captions, teacher-forced. */
    public static double perplexity(Captioner captioner, float[][] inputs, List<String> references) {
        double nll = 0;
        double count = 0;
        for (int start = 0; start < inputs.length; start += 256) {
            int b = Math.min(256, inputs.length - start);
            try (NoGrad noGrad = NoGrad.enter(); NDManager step = captioner.manager().newSubManager()) {
                double[] part = captioner.negativeLogLikelihood(captioner.inputArray(step, inputs, start, b),
                        references.subList(start, start + b));
                nll += part[0];
                count += part[1];
            }
        }
        return Math.exp(nll / count);
    }

    /** Beam-search captions of the first {@code perClass} test images of each class. */
    private static Map<String, List<String>> samples(ImageCaptioner model, List<Captions.ClassText> classes, float[][] images,
                                                     int[] labels, BeamSearch search, int perClass) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            List<float[]> chosen = new ArrayList<>();
            for (int i = 0; i < labels.length && chosen.size() < perClass; i++) {
                if (labels[i] == c) {
                    chosen.add(images[i]);
                }
            }
            out.put(classes.get(c).label(), chosen.isEmpty() ? List.of()
                    : List.of(model.caption(chosen.toArray(float[][]::new), search)));
        }
        return out;
    }

    private static Path writeReport(RunConfig run, DecoderConfig config, List<Captions.ClassText> classes, List<Row> rows,
                                    double[] perClass, Map<String, List<String>> samples, TrainerConfig trainerConfig,
                                    Trainer.Stats stats, JsonNode meta) throws IOException {
        Path out = run.out();
        List<Map<String, Object>> metrics = MetricsLog.read(out.resolve("metrics.jsonl"));
        Map<String, double[][]> losses = new LinkedHashMap<>();
        losses.put("loss", MetricsLog.series(metrics, "loss"));
        if (config.kind() == DecoderConfig.Kind.COCA) {
            losses.put("contrastive", MetricsLog.series(metrics, "contrastive_loss"));
            losses.put("captioning", MetricsLog.series(metrics, "caption_loss"));
        }
        Charts.line(out.resolve("loss.png"), config.kind().label() + " decoder training loss", "step", "loss", losses);
        Charts.line(out.resolve("caption-accuracy.png"), "share of greedy captions naming the right class ("
                + run.curveTestLimit() + " test images)", "step", "accuracy",
                Map.of("caption accuracy", MetricsLog.series(metrics, "caption_accuracy_curve")));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("model", "captions naming the right class", "perplexity", "contrastive zero-shot"));
        for (Row r : rows) {
            table.add(List.of(r.name(), ClipTraining.pct(r.captionAccuracy()), number(r.perplexity()), ClipTraining.pct(r.zeroShot())));
        }
        List<List<String>> sampleTable = new ArrayList<>();
        sampleTable.add(List.of("class", "accuracy", "beam-search captions (width " + run.beamWidth() + ")"));
        for (int c = 0; c < classes.size(); c++) {
            String label = classes.get(c).label();
            sampleTable.add(List.of(label, ClipTraining.pct(perClass[c]), String.join(" | ", samples.getOrDefault(label, List.of()))));
        }
        HtmlReport html = new HtmlReport("contrastive4j: " + config.kind().label() + " decoder")
                .paragraph(String.format(Locale.ROOT, "%d steps of %d image-caption pairs, %.0f s in training steps.",
                        trainerConfig.steps(), run.batchSize(), stats.seconds()))
                .heading("Captions of the test images (chance of naming the right class: 10%)")
                .table(table)
                .paragraph("A caption names the right class when the first class noun it mentions (a class name or a WordNet "
                        + "lemma of the class) is the image's. Perplexity: teacher forcing on one training-style reference "
                        + "caption per test image. Greedy decoding for the table, beam search for the samples.")
                .table(sampleTable)
                .heading("Training")
                .image("loss.png", "training loss")
                .image("caption-accuracy.png", "caption accuracy during training")
                .heading("Configuration");
        html.settings(meta);
        Path report = out.resolve("report.html");
        html.write(report);
        return report;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void printTable(PrintWriter log, List<Row> rows) {
        log.printf(Locale.ROOT, "%n%-50s %10s %10s %10s%n", "model", "names class", "perplexity", "zero-shot");
        for (Row r : rows) {
            log.printf(Locale.ROOT, "%-50s %10s %10s %10s%n", r.name(), ClipTraining.pct(r.captionAccuracy()), number(r.perplexity()),
                    ClipTraining.pct(r.zeroShot()));
        }
    }
}
