package org.contrastive4j.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.audio.SpokenWords;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.ZeroShotEvaluation;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binding a third modality to a trained CLIP: the audio encoder learns from (image, spoken word)
 * pairs against the frozen image tower; then audio is classified zero-shot through CLIP's text
 * prompts, which it never met (the emergent alignment), on voices never heard in training,
 * against chance and the audio encoder at initialisation.
 */
public final class BindingTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run writes and how often it measures. */
    public record RunConfig(Path out, int batchSize, long seed, boolean resume, int evalEvery) {}

    /** Emergent audio->text accuracy, audio->image Recall@1/5 (class relevance), for one encoder. */
    public record Row(String name, double audioToText, double audioToImageR1, double audioToImageR5) {}

    public record Summary(List<Row> rows, double trainVoicesAudioToText, double[] perClass, double seconds, Path report) {}

    private BindingTraining() {}

    /**
     * @param prompts each class's zero-shot prompts (embedded by CLIP's text tower)
     * @param trainClips clips paired with images in training; {@code testClips} by other voices
     */
    public static Summary run(ClipModel clip, AudioBinding binding, List<List<String>> prompts, List<String> classNames,
                              ImageDataset train, ImageDataset test, List<SpokenWords.Clip> trainClips,
                              List<SpokenWords.Clip> testClips, int mels, int frames, TrainerConfig trainerConfig, RunConfig run,
                              JsonNode meta, PrintWriter log) throws IOException {
        Files.createDirectories(run.out());
        log.println("embedding the images with the frozen CLIP image tower ...");
        log.flush();
        float[][] trainImages = clip.embedImages(Embeddings.images(train, train.size()));
        float[][] testImages = clip.embedImages(Embeddings.images(test, test.size()));
        float[][] classVectors = ClipTraining.classVectors(clip, prompts);
        int[] testLabels = labels(testClips);

        Trainer<AudioBinding.Batch> trainer = new Trainer<>(binding, trainerConfig, run.out(), meta);
        trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
        long start = trainer.startOrResume(run.resume(), log);
        Path baselineFile = run.out().resolve("baseline.json");
        Row init;
        if (start > 0 && Files.exists(baselineFile)) {
            init = JSON.readValue(baselineFile.toFile(), Row.class);
        } else {
            init = evaluate("audio encoder at initialisation", binding, testClips, testLabels, classVectors, testImages, test.labels()).row();
            JSON.writerWithDefaultPrettyPrinter().writeValue(baselineFile.toFile(), init);
        }
        AudioBinding.Pairs pairs = new AudioBinding.Pairs(trainClips, trainImages, train.labels(), classNames.size(),
                run.batchSize(), run.seed(), mels, frames);
        Trainer.Stats stats;
        Row trained;
        double trainVoices;
        double[] perClass;
        try (MetricsLog metrics = new MetricsLog(run.out().resolve("metrics.jsonl"), start)) {
            if (start == 0) {
                metrics.write(Map.of("step", 0, "audio_to_text", init.audioToText()));
            }
            log.printf(Locale.ROOT, "binding audio: %d steps of %d (image, spoken word) pairs; %d training clips, %d test clips "
                    + "(unheard voices)%n", trainerConfig.steps(), run.batchSize(), trainClips.size(), testClips.size());
            log.flush();
            long[] next = {start};
            stats = trainer.run(() -> pairs.make(next[0]++), binding, start, metrics, (step, loss) -> {
                if (run.evalEvery() > 0 && (step % run.evalEvery() == 0 || step == trainerConfig.steps())) {
                    metrics.write(Map.of("step", step, "audio_to_text", accuracy(binding, testClips, testLabels, classVectors)));
                }
            });
            Evaluated last = evaluate("audio encoder bound to images", binding, testClips, testLabels, classVectors, testImages,
                    test.labels());
            trained = last.row();
            trainVoices = accuracy(binding, trainClips, labels(trainClips), classVectors);
            perClass = ClipTraining.perClassAccuracy(last.predicted(), testLabels, classNames.size());
            metrics.write(Map.of("step", trainerConfig.steps(), "audio_to_text", trained.audioToText(),
                    "audio_to_image_r1", trained.audioToImageR1()));
        }
        Path modelDir = run.out().resolve("audio-model");
        Files.createDirectories(modelDir);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(modelDir.resolve("weights.bin"))))) {
            binding.save(out);
        }
        List<Row> rows = List.of(init, trained);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rows", rows);
        results.put("chance", 1.0 / classNames.size());
        results.put("train_voices_audio_to_text", trainVoices);
        results.put("per_class_audio_to_text", perClass);
        results.put("train_seconds", stats.seconds());
        results.put("config", meta);
        JSON.writerWithDefaultPrettyPrinter().writeValue(run.out().resolve("results.json").toFile(), results);
        Path report = report(run, rows, trainVoices, perClass, classNames, stats, meta);
        log.printf(Locale.ROOT, "%n%-34s %14s %14s %14s%n", "audio encoder", "audio->text", "audio->img R@1", "audio->img R@5");
        for (Row r : rows) {
            log.printf(Locale.ROOT, "%-34s %14s %14s %14s%n", r.name(), ClipTraining.pct(r.audioToText()),
                    ClipTraining.pct(r.audioToImageR1()), ClipTraining.pct(r.audioToImageR5()));
        }
        log.printf(Locale.ROOT, "chance %.2f%%; audio->text on the training voices %.2f%%; %.0f s in training steps; report: %s%n",
                100.0 / classNames.size(), 100 * trainVoices, stats.seconds(), report);
        log.flush();
        return new Summary(rows, trainVoices, perClass, stats.seconds(), report);
    }

    static int[] labels(List<SpokenWords.Clip> clips) {
        return clips.stream().mapToInt(SpokenWords.Clip::label).toArray();
    }

    static double accuracy(AudioBinding binding, List<SpokenWords.Clip> clips, int[] labels, float[][] classVectors) {
        return ZeroShotEvaluation.accuracy(ZeroShotEvaluation.classify(binding.embed(clips), classVectors), labels);
    }

    /** A row of the table and the class each clip was given (for the per-class table), from one pass of the encoder. */
    private record Evaluated(Row row, int[] predicted) {}

    private static Evaluated evaluate(String name, AudioBinding binding, List<SpokenWords.Clip> clips, int[] labels,
                                      float[][] classVectors, float[][] images, int[] imageLabels) {
        float[][] audio = binding.embed(clips);
        int[] predicted = ZeroShotEvaluation.classify(audio, classVectors);
        double[] toImage = ZeroShotEvaluation.recallByClass(audio, labels, images, imageLabels);
        return new Evaluated(new Row(name, ZeroShotEvaluation.accuracy(predicted, labels), toImage[0], toImage[1]), predicted);
    }

    private static Path report(RunConfig run, List<Row> rows, double trainVoices, double[] perClass, List<String> classNames,
                               Trainer.Stats stats, JsonNode meta) throws IOException {
        Path out = run.out();
        List<Map<String, Object>> metrics = MetricsLog.read(out.resolve("metrics.jsonl"));
        Charts.line(out.resolve("loss.png"), "binding loss (audio vs frozen image embeddings)", "step", "loss",
                Map.of("loss", MetricsLog.series(metrics, "loss")));
        Charts.line(out.resolve("emergent.png"), "emergent audio->text zero-shot accuracy (unheard voices)", "step", "accuracy",
                Map.of("audio->text", MetricsLog.series(metrics, "audio_to_text")));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("audio encoder", "audio->text zero-shot (emergent)", "audio->image R@1", "audio->image R@5"));
        for (Row r : rows) {
            table.add(List.of(r.name(), ClipTraining.pct(r.audioToText()), ClipTraining.pct(r.audioToImageR1()),
                    ClipTraining.pct(r.audioToImageR5())));
        }
        List<List<String>> classes = new ArrayList<>();
        classes.add(List.of("class", "audio->text accuracy"));
        for (int c = 0; c < classNames.size(); c++) {
            classes.add(List.of(classNames.get(c), ClipTraining.pct(perClass[c])));
        }
        HtmlReport html = new HtmlReport("contrastive4j: audio bound to the CLIP image space")
                .paragraph(String.format(Locale.ROOT, "Chance is %.0f%%. Audio and text never met in training: the audio encoder "
                        + "learned only from (image, spoken word) pairs against the frozen image tower. Test clips are spoken by "
                        + "voices not heard in training; on the training voices audio->text is %s. %.0f s in training steps.",
                        100.0 / classNames.size(), ClipTraining.pct(trainVoices), stats.seconds()))
                .table(table)
                .table(classes)
                .image("loss.png", "binding loss")
                .image("emergent.png", "emergent accuracy during training")
                .heading("Configuration");
        html.settings(meta);
        Path report = out.resolve("report.html");
        html.write(report);
        return report;
    }
}
