package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.encoder.TextModel;
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
@Command(name = "eval", description = "Evaluate a text model.", subcommands = {EvalCommand.Retrieval.class})
final class EvalCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "retrieval", description = {"Reverse dictionary on WordNet: each held-out gloss is a query over the lemmas of",
        "the held-out synsets. Prints Recall@1/10, MRR@10, nDCG@10; --output writes them as JSON.",
        "Splits are by synset (10% dev, 10% test, fixed by --seed), as the training commands use them."})
    static final class Retrieval implements Callable<Integer> {
        @Option(names = "--model", description = "Model directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
        Path model;

        @Option(names = "--split", defaultValue = "test", description = "train, dev or test (default ${DEFAULT-VALUE}).")
        WordNetDatasets.Split split;

        @Option(names = "--pos", defaultValue = "n", description = "Part of speech: n, v, a, r, or * for all (default ${DEFAULT-VALUE}).")
        char pos;

        @Option(names = "--limit", description = "Use the first N queries of the split.")
        Integer limit;

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
        Path wordnet = WordNet.DEFAULT_DIR;

        @Option(names = "--output", description = "Write the metrics as JSON here.")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
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
                r = evaluation.evaluate(model == null ? "all-MiniLM-L6-v2" : model.toString(), text);
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
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), r);
            }
            return Main.EXIT_OK;
        }
    }
}
