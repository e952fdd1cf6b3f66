package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.PairRecords;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.ScoredPair;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.BeirDataset;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.BeirEvaluation;
import org.contrastive4j.eval.GradedRetrieval;
import org.contrastive4j.eval.TextEvaluation;
import org.contrastive4j.method.TextTraining;
import org.contrastive4j.mining.HardNegativeMiner;
import org.contrastive4j.train.Trainer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the text recipes share on the command line: the start model, the data (WordNet's reverse
 * dictionary split by synset, or the user's pairs), the schedule, and the held-out evaluation.
 */
final class TextTrainOptions {
    @Option(names = "--model", description = "Model to start from: a directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--out", description = "Output directory (default runs/METHOD).")
    Path out;

    @Option(names = "--pairs", description = "Train on your own JSONL/CSV pairs or triples (anchor, positive[, negative]); "
            + "10%% is held out for evaluation. Default: WordNet's reverse dictionary (gloss -> lemma).")
    Path pairs;

    @Option(names = "--scored", description = "JSONL/CSV scored pairs (text1, text2, score) for the Spearman column, "
            + "instead of WordNet path similarity.")
    Path scored;

    @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
    Path wordnet = WordNet.DEFAULT_DIR;

    @Option(names = "--pos", defaultValue = "n", description = "WordNet part of speech: n, v, a, r, or * (default ${DEFAULT-VALUE}).")
    char pos;

    @Option(names = "--train-pos", description = "WordNet: part of speech of the training pairs, when it differs from "
            + "--pos (e.g. * to train on every part of speech and evaluate on nouns; default: --pos).")
    Character trainPos;

    @Option(names = "--every-lemma", description = "WordNet: train on (gloss, lemma) for every lemma of a synset, not only "
            + "its first (evaluation keeps the first lemma).")
    boolean everyLemma;

    @Option(names = "--topic-batches", description = "WordNet: fill each batch from one lexicographer file (animals with "
            + "animals), so the in-batch negatives are topical neighbours (topic-aware sampling).")
    boolean topicBatches;

    @Option(names = "--limit", description = "Use the first N training pairs.")
    Integer limit;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the training pairs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", description = "Training steps (overrides --epochs).")
    Long steps;

    @Option(names = "--batch-size", defaultValue = "64", description = "Pairs per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--chunk", defaultValue = "0", description = "GradCache chunk size: the step's loss over the whole batch, "
        + "the activation memory of this many texts at a time, the same gradients (0: off; default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--lr", defaultValue = "5e-5", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", description = "Warm-up steps (default 10%% of the steps).")
    Long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-norm", defaultValue = "1.0", description = "Clip the global gradient norm (0: off; default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--eval-every", defaultValue = "100", description = "Steps between dev points of the curve (0: off).")
    int evalEvery;

    @Option(names = "--dev-limit", defaultValue = "500", description = "Dev queries for the curve (default ${DEFAULT-VALUE}).")
    int devLimit;

    @Option(names = "--test-limit", description = "Evaluate on the first N test queries (default: all).")
    Integer testLimit;

    @Option(names = "--beir", description = "Also evaluate on a BEIR directory (corpus.jsonl, queries.jsonl, qrels/test.tsv), "
        + "before and after training: nDCG@10, MAP@100, Recall@10/100, MRR@10 into OUT/beir-results.json.")
    Path beir;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "5", description = "Steps between lines of metrics.jsonl (default ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--no-progress", description = "No progress bar (metrics still go to metrics.jsonl).")
    boolean noProgress;

    /**
     * Train / dev / test pairs, the scored pairs of dev and test, and the training groups' further
     * known positives (a WordNet synset's other lemmas; none for user pairs).
     */
    record Data(List<TextPair> train, List<TextPair> dev, List<TextPair> test, List<ScoredPair> devScored, List<ScoredPair> testScored,
                String source, Map<String, List<String>> trainPositivesByGroup, Map<String, String> trainTopicByGroup) {}

    Data data(PrintWriter log) {
        checkPartOfSpeech("--pos", pos);
        char fitPos = trainPos != null ? trainPos : pos;
        checkPartOfSpeech("--train-pos", fitPos);
        if (pairs != null) {
            rejectWithPairs("--every-lemma", everyLemma);
            rejectWithPairs("--topic-batches", topicBatches);
            rejectWithPairs("--train-pos", trainPos != null);
        }
        Data d;
        if (pairs != null) {
            List<TextPair> all = PairRecords.readPairs(pairs);
            if (all.size() < 20) {
                throw new InvalidInputException(pairs + " holds " + all.size() + " records; at least 20 are needed (10% is held out)");
            }
            int[] order = Permutations.of(all.size(), Seeds.forPurpose(seed, "user-pairs-split"));
            int held = Math.max(2, all.size() / 20);
            List<TextPair> train = new ArrayList<>();
            List<TextPair> dev = new ArrayList<>();
            List<TextPair> test = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                (i < held ? test : i < 2 * held ? dev : train).add(all.get(order[i]));
            }
            d = new Data(train, dev, test, List.of(), List.of(), pairs.toString(), Map.of(), Map.of());
        } else {
            WordNetDatasets wn = new WordNetDatasets(WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log)), 0.1, 0.1, seed);
            List<TextPair> train = everyLemma ? wn.reverseDictionaryEveryLemma(Split.TRAIN, fitPos) : wn.reverseDictionary(Split.TRAIN, fitPos);
            d = new Data(train, wn.reverseDictionary(Split.DEV, pos),
                    wn.reverseDictionary(Split.TEST, pos), wn.scoredPairs(Split.DEV, 'n', 300, seed),
                    wn.scoredPairs(Split.TEST, 'n', 1000, seed),
                    "WordNet reverse dictionary (" + wordnet + ", pos " + pos + (fitPos != pos ? ", training pos " + fitPos : "")
                            + (everyLemma ? ", every lemma" : "") + ")",
                    wn.lemmasBySynset(Split.TRAIN, fitPos), wn.lexFileBySynset(Split.TRAIN, fitPos));
        }
        if (scored != null) {
            List<ScoredPair> userScored = PairRecords.readScored(scored);
            d = new Data(d.train(), d.dev(), d.test(), userScored, userScored, d.source(), d.trainPositivesByGroup(), d.trainTopicByGroup());
        }
        List<TextPair> train = limit != null ? d.train().subList(0, Math.min(limit, d.train().size())) : d.train();
        List<TextPair> dev = d.dev().subList(0, Math.min(devLimit, d.dev().size()));
        List<TextPair> test = testLimit != null ? d.test().subList(0, Math.min(testLimit, d.test().size())) : d.test();
        return new Data(train, dev, test, d.devScored(), d.testScored(), d.source(), d.trainPositivesByGroup(), d.trainTopicByGroup());
    }

    private void rejectWithPairs(String wordNetOnlyOption, boolean given) {
        if (given) {
            throw new InvalidInputException(wordNetOnlyOption + " applies to WordNet's reverse dictionary, not to --pairs " + pairs);
        }
    }

    private static void checkPartOfSpeech(String option, char pos) {
        if ("nvar*".indexOf(pos) < 0) {
            throw new InvalidInputException(option + " must be n, v, a, r or *, got " + pos);
        }
    }

    org.contrastive4j.train.TrainerConfig trainer(int stepsPerEpoch) {
        long total = steps != null ? steps : (long) epochs * stepsPerEpoch;
        if (total < 1) {
            throw new InvalidInputException("nothing to train: " + total + " steps (check --epochs/--steps and --batch-size)");
        }
        return org.contrastive4j.train.TrainerConfig.defaults(total).learningRate(lr)
                .warmupSteps(warmup != null ? warmup : Math.max(1, total / 10)).weightDecay(weightDecay).clipNorm(clipNorm)
                .logEvery(logEvery).checkpointEvery(checkpointEvery).progressBar(!noProgress);
    }

    /** Runs {@code method} on {@code train} (the pairs the objective reads) with the shared evaluation, into {@code runOut} (null: --out). */
    void run(String method, List<TextPair> train, Data data, Function<TextModel, Trainer.Objective<TextBatch>> objective,
             HardNegativeMiner miner, ObjectNode extra, Path runOut, PrintWriter log) throws Exception {
        if (batchSize < 2) {
            throw new InvalidInputException("--batch-size must be at least 2: in-batch negatives come from the other pairs");
        }
        TextBatches batches = new TextBatches(train, batchSize, seed,
                topicBatches ? p -> data.trainTopicByGroup().get(p.group()) : null);
        var trainerConfig = trainer(batches.stepsPerEpoch());
        ObjectNode meta = new ObjectMapper().createObjectNode();
        meta.put("method", method).put("model", model == null ? "all-MiniLM-L6-v2 (embedded)" : model.toString())
                .put("data", data.source()).put("train_pairs", train.size()).put("steps", trainerConfig.steps())
                .put("batch_size", batchSize).put("lr", lr).put("warmup", trainerConfig.warmupSteps())
                .put("weight_decay", weightDecay).put("clip_norm", clipNorm).put("seed", seed).put("topic_batches", topicBatches);
        meta.setAll(extra);
        log.printf(Locale.ROOT, "data: %s; %d training, %d dev, %d test pairs%n", data.source(), train.size(), data.dev().size(),
                data.test().size());
        log.flush();
        BeirDataset beirData = beir == null ? null
                : BeirDataset.read(beir.resolve("corpus.jsonl"), beir.resolve("queries.jsonl"), beir.resolve("qrels").resolve("test.tsv"));
        Path runDir = runOut != null ? runOut : out != null ? out : Path.of("runs", method);
        try (TextModel text = TextModel.load(model)) {
            GradedRetrieval.Result beirBase = beirData == null ? null : BeirEvaluation.evaluate(text, beirData, 64);
            TextTraining.run(method, text, objective.apply(text), batches,
                    new TextEvaluation(data.dev(), data.devScored(), 64), new TextEvaluation(data.test(), data.testScored(), 64),
                    trainerConfig, new TextTraining.RunConfig(runDir, seed, resume, evalEvery, miner), meta, log);
            if (beirData != null) {
                GradedRetrieval.Result beirTrained = BeirEvaluation.evaluate(text, beirData, 64);
                log.printf(Locale.ROOT, "%nBEIR data %s (%d judged queries over %d documents):%n", beir, beirTrained.queries(),
                        beirData.corpus().size());
                log.printf(Locale.ROOT, "%-12s %-10s %-10s %-10s %-10s %-10s%n", "", "nDCG@10", "MAP@100", "R@10", "R@100", "MRR@10");
                for (var row : List.of(Map.entry("base model", beirBase), Map.entry("trained", beirTrained))) {
                    GradedRetrieval.Result r = row.getValue();
                    log.printf(Locale.ROOT, "%-12s %-10.4f %-10.4f %-10.4f %-10.4f %-10.4f%n", row.getKey(), r.ndcgAt10(), r.mapAt100(),
                            r.recallAt10(), r.recallAt100(), r.mrrAt10());
                }
                log.flush();
                Map<String, Object> results = new java.util.LinkedHashMap<>();
                results.put("beir", beir.toString());
                results.put("base", beirBase);
                results.put("trained", beirTrained);
                org.contrastive4j.io.SafeFiles.write(runDir.resolve("beir-results.json"),
                        o -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(o, results));
            }
        }
    }

    /** The run's settings with the GradCache chunk when it is on (runs without it keep the settings their checkpoints recorded). */
    com.fasterxml.jackson.databind.node.ObjectNode withChunk(com.fasterxml.jackson.databind.node.ObjectNode meta) {
        return chunk > 0 ? meta.put("chunk", chunk) : meta;
    }
}
