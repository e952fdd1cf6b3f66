package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.BeirDataset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.BeirEvaluation;
import org.contrastive4j.eval.GradedRetrieval;
import org.contrastive4j.eval.StsEvaluation;
import org.contrastive4j.eval.TextEvaluation;
import org.contrastive4j.eval.RetrievalMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j eval retrieval}: the WordNet reverse dictionary (gloss -> lemma) on a held-out split. */
@Command(name = "eval", description = "Evaluate a text model.", subcommands = {EvalCommand.Retrieval.class, EvalCommand.Sts.class})
final class EvalCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "retrieval", description = {"Reverse dictionary on WordNet: each held-out gloss is a query over the lemmas of",
        "the held-out synsets. Prints Recall@1/10, MRR@10, nDCG@10; --output writes them as JSON.",
        "Splits are by synset (10%% dev, 10%% test, fixed by --seed), as the training commands use them.",
        "With --corpus, --queries and --qrels: your own data in BEIR's layout, graded relevance; prints nDCG@10,",
        "MAP@100, Recall@1/10/100, MRR@10 and P@10 with pytrec_eval's definitions (the model's query and",
        "document prompts applied)."})
    static final class Retrieval implements Callable<Integer> {
        @Option(names = "--model", description = "Model directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
        Path model;

        @Option(names = "--split", defaultValue = "test", description = "train, dev or test (default ${DEFAULT-VALUE}).")
        WordNetDatasets.Split split;

        @Option(names = "--pos", defaultValue = "n", description = "Part of speech: n, v, a, r, or * for all (default ${DEFAULT-VALUE}).")
        char pos;

        @Option(names = "--limit", description = "Use the first N queries of the split.")
        Integer limit;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
        Path wordnet = WordNet.DEFAULT_DIR;

        @Option(names = "--output", description = "Write the metrics as JSON here.")
        Path output;

        @Option(names = "--corpus", description = "BEIR corpus.jsonl ({\"_id\", \"title\", \"text\"} per line).")
        Path corpus;

        @Option(names = "--queries", description = "BEIR queries.jsonl ({\"_id\", \"text\"} per line).")
        Path queries;

        @Option(names = "--qrels", description = "BEIR qrels TSV (query-id, corpus-id, integer score; header optional).")
        Path qrels;

        @Option(names = "--batch-size", defaultValue = "64", description = "Texts per forward pass (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--dimensions", description = "Evaluate the first N dimensions of the vectors, re-normalised (Matryoshka).")
        Integer dimensions;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (corpus != null || queries != null || qrels != null) {
                return beir();
            }
            if ("nvar*".indexOf(pos) < 0) {
                throw new InvalidInputException("--pos must be n, v, a, r or *, got " + pos);
            }
            WordNetDatasets data = new WordNetDatasets(WordNet.read(SystemPackage.WORDNET.ensure(wordnet, spec.commandLine().getErr())), 0.1, 0.1, seed);
            List<TextPair> pairs = data.reverseDictionary(split, pos);
            if (limit != null) {
                pairs = pairs.subList(0, Math.min(limit, pairs.size()));
            }
            TextEvaluation evaluation = new TextEvaluation(pairs, data.scoredPairs(split, 'n', 1000, seed), 64);
            TextEvaluation.Result r;
            try (TextModel text = TextModel.load(model)) {
                checkDimensions(text);
                r = evaluation.evaluate(model == null ? "all-MiniLM-L6-v2" : model.toString(), text, dimensions == null ? 0 : dimensions);
            }
            RetrievalMetrics m = r.retrieval();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "reverse dictionary, %s split, pos %s: %d queries over %d-lemma pool%n", split.name().toLowerCase(),
                    pos, m.queries(), evaluation.poolSize());
            out.printf(Locale.ROOT, "%-10s %-10s %-10s %-10s %-10s %-10s %-10s%n", "R@1", "R@10", "MRR@10", "nDCG@10", "align",
                    "uniform", "Spearman");
            out.printf(Locale.ROOT, "%-10.4f %-10.4f %-10.4f %-10.4f %-10.4f %-10.4f %-10.4f%n", m.recallAt1(), m.recallAt10(),
                    m.mrrAt10(), m.ndcgAt10(), r.alignment(), r.uniformity(), r.spearman());
            out.println("Spearman: cosine of 1,000 held-out noun pairs against WordNet path similarity.");
            out.flush();
            if (output != null) {
                org.contrastive4j.io.SafeFiles.write(output, o -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(o, r));
            }
            return Main.EXIT_OK;
        }

        private void checkDimensions(TextModel text) {
            if (dimensions != null && (dimensions < 1 || dimensions > text.dimension())) {
                throw new InvalidInputException("--dimensions must be between 1 and the model's " + text.dimension() + ", got " + dimensions);
            }
        }

        private int beir() throws java.io.IOException {
            if (corpus == null || queries == null || qrels == null) {
                throw new InvalidInputException("BEIR evaluation needs --corpus, --queries and --qrels together");
            }
            if (batchSize < 1) {
                throw new InvalidInputException("--batch-size must be at least 1, got " + batchSize);
            }
            BeirDataset data = BeirDataset.read(corpus, queries, qrels);
            GradedRetrieval.Result r;
            try (TextModel text = TextModel.load(model)) {
                checkDimensions(text);
                r = BeirEvaluation.evaluate(text, data, batchSize, dimensions == null ? 0 : dimensions);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d judged queries over %d documents%n", corpus, r.queries(), data.corpus().size());
            out.printf(Locale.ROOT, "%-10s %-10s %-10s %-10s %-10s %-10s %-10s%n", "nDCG@10", "MAP@100", "R@1", "R@10", "R@100",
                    "MRR@10", "P@10");
            out.printf(Locale.ROOT, "%-10.4f %-10.4f %-10.4f %-10.4f %-10.4f %-10.4f %-10.4f%n", r.ndcgAt10(), r.mapAt100(),
                    r.recallAt1(), r.recallAt10(), r.recallAt100(), r.mrrAt10(), r.precisionAt10());
            out.flush();
            if (output != null) {
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("model", model == null ? "all-MiniLM-L6-v2" : model.toString());
                json.put("corpus", corpus.toString());
                json.put("documents", data.corpus().size());
                json.put("queries", r.queries());
                json.put("dimensions", dimensions);
                json.put("ndcg_at_10", r.ndcgAt10());
                json.put("map_at_100", r.mapAt100());
                json.put("recall_at_1", r.recallAt1());
                json.put("recall_at_10", r.recallAt10());
                json.put("recall_at_100", r.recallAt100());
                json.put("mrr_at_10", r.mrrAt10());
                json.put("precision_at_10", r.precisionAt10());
                org.contrastive4j.io.SafeFiles.write(output, o -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(o, json));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "sts", description = {"Semantic textual similarity on your scored pairs (JSONL or CSV: text1, text2, score):",
        "Spearman and Pearson correlation of the pairs' cosine with their scores; --output writes them as JSON."})
    static final class Sts implements Callable<Integer> {
        @Option(names = "--model", description = "Model directory or zoo name (default: the embedded all-MiniLM-L6-v2).")
        Path model;

        @Option(names = "--pairs", required = true, description = "Scored pairs: JSONL or CSV with text1, text2, score.")
        Path pairs;

        @Option(names = "--output", description = "Write the correlations as JSON here.")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<org.contrastive4j.data.ScoredPair> scored = org.contrastive4j.data.PairRecords.readScored(pairs);
            StsEvaluation.Result r;
            try (TextModel text = TextModel.load(model)) {
                r = StsEvaluation.evaluate(text, scored, 64);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d pairs; Spearman %.4f, Pearson %.4f (cosine against the scores)%n", pairs, r.pairs(),
                    r.spearman(), r.pearson());
            out.flush();
            if (output != null) {
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("model", model == null ? "all-MiniLM-L6-v2" : model.toString());
                json.put("pairs", r.pairs());
                json.put("spearman", r.spearman());
                json.put("pearson", r.pearson());
                org.contrastive4j.io.SafeFiles.write(output, o -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(o, json));
            }
            return Main.EXIT_OK;
        }
    }
}
