package org.contrastive4j.word2vec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains skip-gram word vectors with checkpoints and a curve of the held-out synonym AUC, then
 * writes {@code vectors.txt} (word2vec's text format), {@code vectors.npy} with
 * {@code vocab.txt}, {@code results.json}, {@code metrics.jsonl} and {@code report.html}.
 */
public final class Word2VecTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Summary(SynonymEvaluation.Result initial, SynonymEvaluation.Result trained, Map<String, List<String>> neighbours,
                          double seconds, double pairsPerSecond) {}

    private Word2VecTraining() {}

    public static Summary run(Vocabulary vocabulary, WordVectors vectors, SkipGramSampler sampler, SynonymEvaluation synonyms,
                              List<String> probes, TrainerConfig trainerConfig, Path out, boolean resume, int evalEvery,
                              JsonNode meta, PrintWriter log) throws IOException {
        Files.createDirectories(out);
        Trainer<SkipGramBatch> trainer = new Trainer<>(vectors, trainerConfig, out, meta);
        trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
        long start = trainer.startOrResume(resume, log);
        SynonymEvaluation.Result initial = synonyms.evaluate("vectors at initialisation", vectors.vectors());
        Trainer.Stats stats;
        try (MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), start)) {
            if (start == 0) {
                metrics.write(Map.of("step", 0, "synonym_auc", initial.auc(), "synonym_margin", initial.margin()));
            }
            log.printf(Locale.ROOT, "training word2vec: %d words, %d tokens, %d held-out synonym pairs, %d steps of %d pairs%n",
                    vocabulary.size(), vocabulary.tokenCount(), synonyms.size(), trainerConfig.steps(), sampler.make(0).size());
            log.flush();
            long[] next = {start};
            stats = trainer.run(() -> sampler.make(next[0]++), new SkipGram(vectors), start, metrics, (step, loss) -> {
                if (evalEvery > 0 && (step % evalEvery == 0 || step == trainerConfig.steps())) {
                    SynonymEvaluation.Result r = synonyms.evaluate("curve", vectors.vectors());
                    metrics.write(Map.of("step", step, "synonym_auc", r.auc(), "synonym_margin", r.margin()));
                }
            });
        }
        float[][] trainedVectors = vectors.vectors();
        SynonymEvaluation.Result trained = synonyms.evaluate("trained (skip-gram, negative sampling)", trainedVectors);
        Map<String, List<String>> neighbours = new LinkedHashMap<>();
        for (String p : probes) {
            neighbours.put(p, SynonymEvaluation.neighbours(p, vocabulary, trainedVectors, 8));
        }
        write(out, vocabulary, trainedVectors);
        SafeFiles.write(out.resolve("results.json"), o -> JSON.writerWithDefaultPrettyPrinter().writeValue(o,
                Map.of("results", List.of(initial, trained), "neighbours", neighbours, "steps", trainerConfig.steps(),
                        "train_seconds", stats.seconds(), "pairs_per_second", stats.examplesPerSecond(), "config", meta)));

        log.printf(Locale.ROOT, "%n%-40s %8s %10s %10s %8s %8s%n", "vectors", "pairs", "cos(syn)", "cos(rand)", "margin", "AUC");
        for (SynonymEvaluation.Result r : List.of(initial, trained)) {
            log.printf(Locale.ROOT, "%-40s %8d %10.4f %10.4f %8.4f %8.4f%n", r.name(), r.pairs(), r.synonymCosine(),
                    r.randomCosine(), r.margin(), r.auc());
        }
        log.println();
        neighbours.forEach((w, n) -> log.printf("%-12s %s%n", w, n.isEmpty() ? "(not in the vocabulary)" : String.join(", ", n)));
        report(out, List.of(initial, trained), neighbours, stats, trainerConfig);
        log.printf("%nvectors: %s%nreport: %s%n", out.resolve("vectors.txt"), out.resolve("report.html"));
        log.flush();
        return new Summary(initial, trained, neighbours, stats.seconds(), stats.examplesPerSecond());
    }

    private static void write(Path out, Vocabulary vocabulary, float[][] vectors) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(vectors.length).append(' ').append(vectors[0].length).append('\n');
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < vectors.length; i++) {
            text.append(vocabulary.word(i));
            for (float v : vectors[i]) {
                text.append(' ').append(v);
            }
            text.append('\n');
            vocab.append(vocabulary.word(i)).append('\n');
        }
        SafeFiles.write(out.resolve("vectors.txt"), o -> o.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        SafeFiles.write(out.resolve("vocab.txt"), o -> o.write(vocab.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] npy = EmbeddingFiles.npy(vectors);
        SafeFiles.write(out.resolve("vectors.npy"), o -> o.write(npy));
    }

    private static void report(Path out, List<SynonymEvaluation.Result> results, Map<String, List<String>> neighbours,
                               Trainer.Stats stats, TrainerConfig trainerConfig) throws IOException {
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        Charts.line(out.resolve("loss.png"), "skip-gram negative-sampling loss", "step", "loss", Map.of("loss", MetricsLog.series(rows, "loss")));
        Charts.line(out.resolve("synonyms.png"), "held-out synonym pairs vs random pairs", "step", "value",
                Map.of("AUC", MetricsLog.series(rows, "synonym_auc"), "cosine margin", MetricsLog.series(rows, "synonym_margin")));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("vectors", "pairs", "mean cos (synonyms)", "mean cos (random)", "margin", "AUC"));
        for (SynonymEvaluation.Result r : results) {
            table.add(List.of(r.name(), Integer.toString(r.pairs()), f(r.synonymCosine()), f(r.randomCosine()), f(r.margin()), f(r.auc())));
        }
        List<List<String>> nn = new ArrayList<>();
        nn.add(List.of("word", "nearest neighbours (cosine)"));
        neighbours.forEach((w, n) -> nn.add(List.of(w, String.join(", ", n))));
        new HtmlReport("contrastive4j: word2vec")
                .paragraph(String.format(Locale.ROOT, "%d steps, %.0f s in training steps (%.0f pairs/s).", trainerConfig.steps(),
                        stats.seconds(), stats.examplesPerSecond()))
                .heading("Held-out synonym pairs")
                .table(table)
                .heading("Training")
                .image("loss.png", "loss")
                .image("synonyms.png", "synonym AUC and margin during training")
                .heading("Nearest neighbours")
                .table(nn)
                .write(out.resolve("report.html"));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
