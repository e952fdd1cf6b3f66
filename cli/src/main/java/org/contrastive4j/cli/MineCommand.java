package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.PairRecords;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.mining.HardNegativeMiner;
import org.contrastive4j.report.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code c4j mine}: hard negatives for the user's (anchor, positive) pairs, as sentence-transformers'
 * {@code mine_hard_negatives}: candidates are the pairs' positives, searched exactly by cosine to
 * each anchor; the known positives of an anchor (every positive it has in the file) are never
 * taken; ranks, margins and the number per pair are chosen by flags. Writes one triple per
 * negative, which {@code train retriever --pairs} reads, and prints and plots the scores.
 */
@Command(name = "mine", description = {"Mine hard negatives for your pairs (JSONL or CSV: anchor, positive) with a model, as",
    "sentence-transformers' mine_hard_negatives: candidates are the positives, exact cosine search, known positives",
    "of an anchor skipped. Writes triples (anchor, positive, negative; one line per negative) or n-tuples that",
    "'c4j train retriever --pairs' reads, prints positive and negative score distributions and draws OUT.scores.png."})
final class MineCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model directory or zoo name (default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--pairs", required = true, description = "Pairs: JSONL or CSV with anchor, positive.")
    Path pairs;

    @Option(names = "--out", required = true, description = "Triples as JSONL (OUT.jsonl).")
    Path out;

    @Option(names = "--range-min", defaultValue = "0", description = "Skip this many best candidates (default ${DEFAULT-VALUE}).")
    int rangeMin;

    @Option(names = "--range-max", defaultValue = "100", description = "Consider candidates down to this rank (default ${DEFAULT-VALUE}).")
    int rangeMax;

    @Option(names = "--margin", defaultValue = "0", description = "A negative scores at least this much below the positive "
        + "(absolute; default ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--relative-margin", description = "A negative scores at most (1 - this) x the positive's score.")
    Double relativeMargin;

    @Option(names = "--num-negatives", defaultValue = "3", description = "Negatives per pair (default ${DEFAULT-VALUE}).")
    int numNegatives;

    @Option(names = "--format", defaultValue = "triplet", description = "triplet (one line per negative) or n-tuple (one line per "
        + "pair with negative_1 .. negative_N, pairs with fewer negatives left out), as sentence-transformers writes them "
        + "(default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--batch-size", defaultValue = "64", description = "Texts per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().endsWith(".jsonl")) {
            throw new InvalidInputException("--out must end in .jsonl, got " + out);
        }
        if (!format.equals("triplet") && !format.equals("n-tuple")) {
            throw new InvalidInputException("--format must be triplet or n-tuple, got " + format);
        }
        if (rangeMax < 1) {
            throw new InvalidInputException("--range-max must be at least 1, got " + rangeMax);
        }
        if (!(margin >= -2) || !Double.isFinite(margin)) {
            throw new InvalidInputException("--margin must be a number >= -2 (cosines lie in [-1, 1]), got " + margin);
        }
        List<TextPair> read = PairRecords.readPairs(pairs);
        // every positive an anchor has anywhere in the file is a known positive of it
        List<TextPair> byAnchor = read.stream().map(p -> new TextPair(p.anchor(), p.positive(), null,
                "anchor:" + p.anchor().strip().toLowerCase(Locale.ROOT))).toList();
        List<String> candidates = byAnchor.stream().map(TextPair::positive).distinct().toList();
        HardNegativeMiner miner = new HardNegativeMiner(margin, rangeMax, batchSize).rangeMin(rangeMin).negatives(numNegatives);
        if (relativeMargin != null) {
            miner = miner.relativeMargin(relativeMargin);
        }
        HardNegativeMiner.Mining mining;
        try (TextModel m = TextModel.load(model)) {
            mining = miner.mineAll(m, byAnchor, candidates);
        }
        List<Double> positiveScores = new ArrayList<>();
        List<Double> negativeScores = new ArrayList<>();
        int[] written = {0};
        int without = 0;
        for (HardNegativeMiner.Mined mined : mining.pairs()) {
            positiveScores.add(mined.positiveScore());
            Arrays.stream(mined.negativeScores()).forEach(negativeScores::add);
            without += mined.negatives().isEmpty() ? 1 : 0;
        }
        ObjectMapper json = new ObjectMapper();
        SafeFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            for (HardNegativeMiner.Mined mined : mining.pairs()) {
                if (format.equals("n-tuple")) {
                    if (mined.negatives().size() < numNegatives) {
                        continue;
                    }
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("anchor", mined.pair().anchor());
                    row.put("positive", mined.pair().positive());
                    for (int k = 0; k < mined.negatives().size(); k++) {
                        row.put("negative_" + (k + 1), mined.negatives().get(k));
                    }
                    w.write(json.writeValueAsString(row));
                    w.newLine();
                    written[0]++;
                    continue;
                }
                for (String negative : mined.negatives()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("anchor", mined.pair().anchor());
                    row.put("positive", mined.pair().positive());
                    row.put("negative", negative);
                    w.write(json.writeValueAsString(row));
                    w.newLine();
                    written[0]++;
                }
            }
            w.flush();
        });
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d %s from %d pairs into %s (%d pairs got no negative; %d candidates skipped within the margin)%n",
                written[0], format.equals("n-tuple") ? "n-tuples" : "triples", read.size(), out, without, mining.skippedAsLikelyPositive());
        o.printf(Locale.ROOT, "%-10s %8s %8s %8s %8s %8s %8s %8s%n", "cosine", "count", "mean", "min", "25%", "50%", "75%", "max");
        summary(o, "positive", positiveScores);
        summary(o, "negative", negativeScores);
        Path picture = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".scores.png");
        Charts.line(picture, "cosine to the anchor: positives and mined negatives", "cosine", "pairs",
                Map.of("positive", histogram(positiveScores), "mined negative", histogram(negativeScores)));
        o.println("score distributions drawn in " + picture);
        o.flush();
        return Main.EXIT_OK;
    }

    private static void summary(PrintWriter o, String name, List<Double> scores) {
        if (scores.isEmpty()) {
            o.printf(Locale.ROOT, "%-10s %8d%n", name, 0);
            return;
        }
        double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        o.printf(Locale.ROOT, "%-10s %8d %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f%n", name, s.length, Arrays.stream(s).average().orElse(0),
                s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75), s[s.length - 1]);
    }

    /** Linear interpolation between the closest ranks (NumPy's default). */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Counts in 40 bins over [-1, 1], as {bin centres, counts}. */
    private static double[][] histogram(List<Double> scores) {
        int bins = 40;
        double[] x = new double[bins];
        double[] y = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = -1 + (b + 0.5) * 2.0 / bins;
        }
        for (double s : scores) {
            y[Math.max(0, Math.min(bins - 1, (int) Math.floor((s + 1) / 2 * bins)))]++;
        }
        return new double[][] {x, y};
    }
}
