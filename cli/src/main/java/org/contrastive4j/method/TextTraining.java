package org.contrastive4j.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.ModelCard;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.TextEvaluation;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.mining.HardNegativeMiner;
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
 * The text recipe runner shared by SimCSE, supervised SimCSE and the retriever: evaluates the
 * base model on the held-out test set, trains with checkpoints and a dev-set curve (Recall@1,
 * alignment, uniformity), optionally mines hard negatives from the current model at the start
 * of every epoch, evaluates the trained model on the same test set, and writes
 * {@code OUT/model/} (a model directory for {@code c4j embed --model}), {@code results.json},
 * {@code metrics.jsonl} and {@code report.html}.
 */
public final class TextTraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the run writes and how it evaluates and mines. */
    public record RunConfig(Path out, long seed, boolean resume, int evalEvery, HardNegativeMiner miner) {}

    /** The numbers a run ends with. */
    public record Summary(List<TextEvaluation.Result> results, long steps, double seconds, double pairsPerSecond,
                          Path model, Path report) {}

    private TextTraining() {}

    public static Summary run(String method, TextModel model, Trainer.Objective<TextBatch> objective, TextBatches batches,
                              TextEvaluation dev, TextEvaluation test, TrainerConfig trainerConfig, RunConfig run,
                              JsonNode meta, PrintWriter log) throws IOException {
        Files.createDirectories(run.out());
        Trainer<TextBatch> trainer = new Trainer<>(model, trainerConfig, run.out(), meta);
        trainer.progress(org.contrastive4j.cli.ConsoleProgress.FACTORY);
        long start = trainer.startOrResume(run.resume(), log);

        Path baselineFile = run.out().resolve("baseline.json");
        TextEvaluation.Result base;
        if (start > 0 && Files.exists(baselineFile)) {
            base = JSON.readValue(baselineFile.toFile(), TextEvaluation.Result.class);
        } else {
            log.printf(Locale.ROOT, "evaluating the base model on %d test queries over %d candidates ...%n",
                    test.queryCount(), test.poolSize());
            log.flush();
            base = test.evaluate("base model", model);
            SafeFiles.write(baselineFile, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, base));
        }

        HardNegativeMiner miner = run.miner();
        int perEpoch = batches.stepsPerEpoch();
        Trainer.Stats stats;
        TextEvaluation.Result trained;
        try (MetricsLog metrics = new MetricsLog(run.out().resolve("metrics.jsonl"), start)) {
            if (start == 0) {
                metrics.write(curvePoint(0, dev.evaluate("dev", model)));
            }
            if (miner != null && start % perEpoch != 0) {
                batches.replacePairs(readMined(run.out(), start / perEpoch, batches.pairs()));
            }
            log.printf(Locale.ROOT, "training %s: %d steps of %d pairs (%d per epoch)%s%n", method, trainerConfig.steps(),
                    batches.make(start).size(), perEpoch, miner != null ? ", hard negatives mined each epoch" : "");
            log.flush();
            long[] next = {start};
            stats = trainer.run(() -> {
                long step = next[0]++;
                if (miner != null && step % perEpoch == 0) {
                    mine(miner, model, batches, run.out(), step / perEpoch, metrics, step);
                }
                return batches.make(step);
            }, objective, start, metrics, (step, loss) -> {
                if (run.evalEvery() > 0 && (step % run.evalEvery() == 0 || step == trainerConfig.steps())) {
                    metrics.write(curvePoint(step, dev.evaluate("dev", model)));
                }
            });
            log.println("evaluating the trained model ...");
            log.flush();
            trained = test.evaluate("trained (" + method + ")", model);
        }
        Path modelDir = run.out().resolve("model");
        SafeFiles.deleteTree(modelDir);
        List<TextEvaluation.Result> results = List.of(base, trained);
        model.save(modelDir, card(model.name(), method, trainerConfig, results));
        SafeFiles.write(run.out().resolve("results.json"), out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out,
                Map.of("method", method, "results", results, "steps", trainerConfig.steps(), "train_seconds", stats.seconds(),
                        "pairs_per_second", stats.examplesPerSecond(), "config", meta)));
        printTable(log, results);
        Path report = writeReport(method, results, trainerConfig, stats, run.out(), meta);
        log.printf(Locale.ROOT, "%nmodel: %s%nreport: %s%n", modelDir, report);
        log.flush();
        return new Summary(results, trainerConfig.steps(), stats.seconds(), stats.examplesPerSecond(), modelDir, report);
    }

    private static Map<String, Object> curvePoint(long step, TextEvaluation.Result r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("dev_recall_at_1", r.retrieval().recallAt1());
        row.put("dev_mrr_at_10", r.retrieval().mrrAt10());
        row.put("dev_alignment", r.alignment());
        row.put("dev_uniformity", r.uniformity());
        if (!Double.isNaN(r.spearman())) {
            row.put("dev_spearman", r.spearman());
        }
        return row;
    }

    private static void mine(HardNegativeMiner miner, TextModel model, TextBatches batches, Path out, long epoch,
                             MetricsLog metrics, long step) {
        List<TextPair> pairs = batches.pairs();
        HardNegativeMiner.Result r = miner.mine(model, pairs, pairs.stream().map(TextPair::positive).toList());
        batches.replacePairs(r.pairs());
        writeMined(out, epoch, r.pairs());
        metrics.write(Map.of("step", step, "mined", r.mined(), "skipped_as_likely_positive", r.skippedAsLikelyPositive()));
    }

    /** The mined negatives of an epoch, one per line (empty for none), so a resumed run trains on the same ones. */
    private static void writeMined(Path out, long epoch, List<TextPair> pairs) {
        StringBuilder text = new StringBuilder();
        for (TextPair p : pairs) {
            text.append(p.negative() == null ? "" : JSON.valueToTree(p.negative()).toString()).append('\n');
        }
        try {
            SafeFiles.write(minedFile(out, epoch), o -> o.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write mined negatives into " + out, e);
        }
    }

    private static Path minedFile(Path out, long epoch) {
        return out.resolve(String.format(Locale.ROOT, "mined-negatives-epoch-%03d.jsonl", epoch));
    }

    private static List<TextPair> readMined(Path out, long epoch, List<TextPair> pairs) throws IOException {
        Path file = minedFile(out, epoch);
        if (!Files.exists(file)) {
            throw new InvalidInputException("--resume: " + file + " is missing; the run mines hard negatives and needs "
                    + "the ones of epoch " + epoch);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != pairs.size()) {
            throw new InvalidInputException(file + " holds " + lines.size() + " lines, the training set " + pairs.size());
        }
        List<TextPair> updated = new ArrayList<>(pairs.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            updated.add(pairs.get(i).withNegative(line.isEmpty() ? null : JSON.readTree(line).asText()));
        }
        return updated;
    }

    /** The model card: the base model, the method and budget, and the results table on the held-out test pairs. */
    static ModelCard card(String baseModel, String method, TrainerConfig config, List<TextEvaluation.Result> results) {
        List<List<String>> rows = results.stream().map(r -> List.of(r.name(), f4(r.retrieval().recallAt1()),
                f4(r.retrieval().recallAt10()), f4(r.retrieval().mrrAt10()), f4(r.retrieval().ndcgAt10()),
                Double.isNaN(r.spearman()) ? "-" : String.format(Locale.ROOT, "%.3f", r.spearman()))).toList();
        return ModelCard.of(baseModel).withTraining(String.format(Locale.ROOT, "c4j train %s: %d steps, learning rate %s, %s",
                method, config.steps(), config.learningRate(), config.optimizer().name().toLowerCase(Locale.ROOT)),
                List.of("model (test pairs)", "R@1", "R@10", "MRR@10", "nDCG@10", "Spearman"), rows);
    }

    static void printTable(PrintWriter log, List<TextEvaluation.Result> results) {
        log.printf(Locale.ROOT, "%n%-32s %8s %8s %8s %8s %8s %8s %8s%n", "model", "R@1", "R@10", "MRR@10", "nDCG@10",
                "align", "uniform", "Spearman");
        for (TextEvaluation.Result r : results) {
            log.printf(Locale.ROOT, "%-32s %8.4f %8.4f %8.4f %8.4f %8.3f %8.3f %8s%n", r.name(), r.retrieval().recallAt1(),
                    r.retrieval().recallAt10(), r.retrieval().mrrAt10(), r.retrieval().ndcgAt10(), r.alignment(),
                    r.uniformity(), Double.isNaN(r.spearman()) ? "-" : String.format(Locale.ROOT, "%.3f", r.spearman()));
        }
        log.flush();
    }

    private static Path writeReport(String method, List<TextEvaluation.Result> results, TrainerConfig trainerConfig,
                                    Trainer.Stats stats, Path out, JsonNode meta) throws IOException {
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        Charts.line(out.resolve("loss.png"), method + " training loss", "step", "loss", Map.of("loss", MetricsLog.series(rows, "loss")));
        Charts.line(out.resolve("dev-recall.png"), "dev Recall@1 and MRR@10 during training", "step", "value",
                Map.of("Recall@1", MetricsLog.series(rows, "dev_recall_at_1"), "MRR@10", MetricsLog.series(rows, "dev_mrr_at_10")));
        Charts.line(out.resolve("alignment-uniformity.png"), "dev alignment and uniformity during training", "step", "value",
                Map.of("alignment", MetricsLog.series(rows, "dev_alignment"), "uniformity", MetricsLog.series(rows, "dev_uniformity")));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("model", "Recall@1", "Recall@10", "MRR@10", "nDCG@10", "alignment", "uniformity", "Spearman"));
        for (TextEvaluation.Result r : results) {
            table.add(List.of(r.name(), f4(r.retrieval().recallAt1()), f4(r.retrieval().recallAt10()), f4(r.retrieval().mrrAt10()),
                    f4(r.retrieval().ndcgAt10()), f4(r.alignment()), f4(r.uniformity()), Double.isNaN(r.spearman()) ? "-" : f4(r.spearman())));
        }
        HtmlReport html = new HtmlReport("contrastive4j: " + method)
                .paragraph(String.format(Locale.ROOT, "%d steps, %.0f s in training steps (%.1f pairs/s, evaluations excluded).",
                        trainerConfig.steps(), stats.seconds(), stats.examplesPerSecond()))
                .heading("Held-out test set: base model vs trained")
                .table(table)
                .paragraph("Retrieval: each held-out query against the pool of every held-out relevant text. Alignment: mean squared "
                        + "distance of (query, relevant) embeddings (lower: closer); uniformity: log E exp(-2 ||f(x) - f(y)||^2) "
                        + "over queries (lower: more spread). Spearman: rank correlation of cosine with WordNet path similarity.")
                .heading("Training")
                .image("loss.png", "training loss")
                .image("dev-recall.png", "dev retrieval during training")
                .image("alignment-uniformity.png", "dev alignment and uniformity during training")
                .heading("Configuration");
        html.settings(meta);
        Path report = out.resolve("report.html");
        html.write(report);
        return report;
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
