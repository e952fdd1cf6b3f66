package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.train.TrainerConfig;
import org.contrastive4j.word2vec.SkipGramSampler;
import org.contrastive4j.word2vec.SynonymEvaluation;
import org.contrastive4j.word2vec.Vocabulary;
import org.contrastive4j.word2vec.Word2VecTraining;
import org.contrastive4j.word2vec.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code c4j train word2vec}: skip-gram with negative sampling on WordNet's glosses and examples. */
@Command(name = "word2vec", description = "word2vec as contrastive learning: skip-gram with negative sampling (binary NCE, "
        + "noise from unigram^0.75) on the glosses and usage examples of WordNet's training synsets; judged on held-out "
        + "synonym pairs (one-word lemmas of test synsets) against random pairs. Writes OUT/vectors.txt (word2vec text "
        + "format), OUT/vectors.npy with OUT/vocab.txt, OUT/report.html, OUT/metrics.jsonl, OUT/results.json.")
final class Word2VecCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/word2vec", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
    Path wordnet = WordNet.DEFAULT_DIR;

    @Option(names = "--dim", defaultValue = "100", description = "Vector size (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--window", defaultValue = "5", description = "Largest window (dynamic, as word2vec; default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--negatives", defaultValue = "5", description = "Noise words per pair (default ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--min-count", defaultValue = "3", description = "Words seen fewer times are dropped (default ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--subsample", defaultValue = "1e-3", description = "Frequent-word subsampling threshold t (0: off; default ${DEFAULT-VALUE}).")
    double subsample;

    @Option(names = "--batch-size", defaultValue = "1024", description = "Pairs per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes (token count x window pairs each; default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", description = "Training steps (overrides --epochs).")
    Long steps;

    @Option(names = "--lr", defaultValue = "5e-3", description = "Peak learning rate, AdamW (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--limit", description = "Use the first N training synsets' texts.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--eval-every", defaultValue = "500", description = "Steps between points of the synonym curve (0: off).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "1000", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--no-progress", description = "No progress bar (metrics still go to metrics.jsonl).")
    boolean noProgress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dim < 1 || window < 1 || negatives < 1 || batchSize < 1) {
            throw new InvalidInputException("--dim, --window, --negatives and --batch-size must be positive");
        }
        PrintWriter log = spec.commandLine().getErr();
        WordNet wn = WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log));
        WordNetDatasets data = new WordNetDatasets(wn, 0.1, 0.1, seed);
        List<String> texts = new ArrayList<>();
        int synsets = 0;
        for (Synset s : wn.synsets().values()) {
            if (data.splitOf(s) == Split.TRAIN && (limit == null || synsets < limit)) {
                synsets++;
                texts.add(s.definition());
                texts.addAll(s.examples());
            }
        }
        Vocabulary vocabulary = new Vocabulary(texts, minCount);
        SynonymEvaluation synonyms = new SynonymEvaluation(data.synonyms(Split.TEST, '*'), vocabulary, seed);
        if (synonyms.size() < 10) {
            throw new InvalidInputException("only " + synonyms.size() + " held-out synonym pairs are in the vocabulary; use more text");
        }
        SkipGramSampler sampler = new SkipGramSampler(vocabulary, window, negatives, subsample, batchSize, seed);
        long total = steps != null ? steps : epochs * sampler.stepsPerEpoch();
        TrainerConfig trainer = TrainerConfig.defaults(total).learningRate(lr).warmupSteps(Math.max(1, total / 20))
                .weightDecay(0).logEvery(50).checkpointEvery(checkpointEvery).progressBar(!noProgress);
        ObjectNode meta = new ObjectMapper().createObjectNode().put("method", "word2vec skip-gram negative sampling")
                .put("corpus", "glosses and examples of " + synsets + " training synsets").put("vocabulary", vocabulary.size())
                .put("tokens", vocabulary.tokenCount()).put("dim", dim).put("window", window).put("negatives", negatives)
                .put("min_count", minCount).put("subsample", subsample).put("batch_size", batchSize).put("steps", total)
                .put("lr", lr).put("seed", seed);
        try (WordVectors vectors = new WordVectors(vocabulary.size(), dim, seed)) {
            Word2VecTraining.run(vocabulary, vectors, sampler, synonyms,
                    List.of("dog", "car", "water", "happy", "music", "run", "king", "tree"), trainer, out, resume, evalEvery, meta, log);
        }
        return Main.EXIT_OK;
    }
}
