package org.contrastive4j.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.HtmlReport;
import org.contrastive4j.train.MetricsLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page comparing SimCSE runs that differ in their noise (independent dropout masks, no
 * dropout, the same mask twice): dev alignment, uniformity and Recall@1 over training, and the
 * held-out results of each (seed 004's claim that only independent masks avoid collapse).
 */
public final class NoiseAblationReport {
    private NoiseAblationReport() {}

    public static Path write(Path root, Map<String, Path> runs) throws IOException {
        Map<String, double[][]> alignment = new LinkedHashMap<>();
        Map<String, double[][]> uniformity = new LinkedHashMap<>();
        Map<String, double[][]> recall = new LinkedHashMap<>();
        Map<String, double[][]> loss = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("noise", "model", "Recall@1", "MRR@10", "alignment", "uniformity", "Spearman"));
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            List<Map<String, Object>> rows = MetricsLog.read(run.getValue().resolve("metrics.jsonl"));
            alignment.put(run.getKey(), MetricsLog.series(rows, "dev_alignment"));
            uniformity.put(run.getKey(), MetricsLog.series(rows, "dev_uniformity"));
            recall.put(run.getKey(), MetricsLog.series(rows, "dev_recall_at_1"));
            loss.put(run.getKey(), MetricsLog.series(rows, "loss"));
            for (JsonNode r : json.readTree(run.getValue().resolve("results.json").toFile()).get("results")) {
                table.add(List.of(run.getKey(), r.get("name").asText(), f(r.at("/retrieval/recallAt1").asDouble()),
                        f(r.at("/retrieval/mrrAt10").asDouble()), f(r.get("alignment").asDouble()), f(r.get("uniformity").asDouble()),
                        r.get("spearman").isNumber() ? f(r.get("spearman").asDouble()) : "-"));
            }
        }
        Charts.line(root.resolve("alignment.png"), "dev alignment (lower: positives closer)", "step", "alignment", alignment);
        Charts.line(root.resolve("uniformity.png"), "dev uniformity (lower: more spread)", "step", "uniformity", uniformity);
        Charts.line(root.resolve("recall.png"), "dev Recall@1 (reverse dictionary)", "step", "Recall@1", recall);
        Charts.line(root.resolve("loss.png"), "training loss", "step", "loss", loss);
        Path report = root.resolve("report.html");
        HtmlReport html = new HtmlReport("contrastive4j: SimCSE noise ablation")
                .paragraph("Unsupervised SimCSE with three sources of difference between the two views of a sentence: "
                        + "independent dropout masks (SimCSE), no dropout, and one mask used twice. Without independent "
                        + "masks the two views are identical, the positive term is constant, and the loss can only push "
                        + "sentences apart: uniformity keeps falling while the geometry stops tracking meaning.")
                .table(table)
                .image("alignment.png", "alignment during training")
                .image("uniformity.png", "uniformity during training")
                .image("recall.png", "dev Recall@1 during training")
                .image("loss.png", "training loss");
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            html.link(root.relativize(run.getValue().resolve("report.html")).toString(), "the " + run.getKey() + " run's own report");
        }
        html.write(report);
        return report;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
