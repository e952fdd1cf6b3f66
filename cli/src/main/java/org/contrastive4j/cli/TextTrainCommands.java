package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.method.Retriever;
import org.contrastive4j.method.SimCse;
import org.contrastive4j.method.SupervisedSimCse;
import org.contrastive4j.loss.MatryoshkaLoss;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.loss.PairLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.mining.HardNegativeMiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code c4j train simcse | simcse-sup | retriever}: fine-tuning a sentence encoder. */
final class TextTrainCommands {
    private TextTrainCommands() {}

    @Command(name = "simcse", description = "Unsupervised SimCSE: each training text (WordNet glosses, or the anchors of --pairs) twice through the encoder with independent dropout masks; in-batch negatives; cosine / tau. --noise none or same-mask reproduces the collapse of the ablation (seed 004). --chunk N turns on GradCache. Writes OUT/model (for c4j embed --model), OUT/report.html, OUT/metrics.jsonl, OUT/results.json.")
    static final class SimCseCommand implements Callable<Integer> {
        @Mixin
        TextTrainOptions options;

        @Option(names = "--tau", defaultValue = "0.05", description = "Temperature (default ${DEFAULT-VALUE}).")
        double tau;

        @Option(names = "--noise", defaultValue = "dropout", description = "dropout (SimCSE), none, same-mask, or all: "
                + "the three in OUT/dropout, OUT/none, OUT/same-mask and one report comparing their curves (default ${DEFAULT-VALUE}).")
        String noise;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> variants = noise.equals("all") ? List.of("dropout", "none", "same-mask") : List.of(noise);
            for (String v : variants) {
                if (!List.of("dropout", "none", "same-mask").contains(v)) {
                    throw new InvalidInputException("--noise must be dropout, none, same-mask or all, got " + noise);
                }
            }
            TextTrainOptions.Data data = options.data(spec.commandLine().getErr());
            List<TextPair> sentences = data.train().stream().map(p -> new TextPair(p.anchor(), p.anchor(), null, p.group())).toList();
            java.nio.file.Path root = options.out != null ? options.out : java.nio.file.Path.of("runs", "simcse");
            java.util.Map<String, java.nio.file.Path> runs = new java.util.LinkedHashMap<>();
            for (String v : variants) {
                SimCse.Noise kind = switch (v) {
                    case "none" -> SimCse.Noise.NONE;
                    case "same-mask" -> SimCse.Noise.SAME_MASK;
                    default -> SimCse.Noise.DROPOUT;
                };
                java.nio.file.Path out = variants.size() == 1 ? root : root.resolve(v);
                spec.commandLine().getErr().printf("%n== SimCSE, noise: %s -> %s%n", v, out);
                options.run("simcse", sentences, data, m -> new SimCse(m, tau, kind, options.seed, options.chunk), null,
                        options.withChunk(new ObjectMapper().createObjectNode().put("tau", tau).put("noise", v)), out, spec.commandLine().getErr());
                runs.put(v, out);
            }
            if (runs.size() > 1) {
                java.nio.file.Path report = org.contrastive4j.method.NoiseAblationReport.write(root, runs);
                spec.commandLine().getErr().printf("%ncomparison: %s%n", report);
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "simcse-sup", description = "Supervised SimCSE on triples (anchor, positive, hard negative): WordNet (gloss, lemma, lemma of a co-hyponym) or --pairs with a negative column; every positive and negative of the batch in the denominator. Pairs without a negative are left out (their count is printed). --chunk N turns on GradCache.")
    static final class SupervisedSimCseCommand implements Callable<Integer> {
        @Mixin
        TextTrainOptions options;

        @Option(names = "--tau", defaultValue = "0.05", description = "Temperature (default ${DEFAULT-VALUE}).")
        double tau;

        @Option(names = "--hard-negative-weight", defaultValue = "0",
                description = "Added to the logit of the anchor's own hard negative (default ${DEFAULT-VALUE}).")
        double hardNegativeWeight;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TextTrainOptions.Data data = options.data(spec.commandLine().getErr());
            List<TextPair> triples = data.train().stream().filter(p -> p.negative() != null).toList();
            var log = spec.commandLine().getErr();
            log.printf("%d of %d training pairs have a hard negative and are used%n", triples.size(), data.train().size());
            if (triples.isEmpty()) {
                throw new InvalidInputException("no training triple has a negative; supervised SimCSE needs (anchor, positive, negative)");
            }
            options.run("simcse-sup", triples, data, m -> new SupervisedSimCse(m, tau, hardNegativeWeight, options.seed, options.chunk), null,
                    options.withChunk(new ObjectMapper().createObjectNode().put("tau", tau).put("hard_negative_weight", hardNegativeWeight)), null, log);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "retriever", description = "The dense-retriever recipe: (query, positive) pairs, in-batch negatives plus hard negatives, cosine x scale 20 (tau 0.05). Hard negatives are mined from the current model at the start of every epoch, skipping candidates within --mine-margin of the positive (likely false negatives); --negatives data uses the data's own (WordNet co-hyponyms), none uses in-batch negatives only. --chunk N turns on GradCache, so a batch of 512+ takes the activation memory of N texts.")
    static final class RetrieverCommand implements Callable<Integer> {
        @Mixin
        TextTrainOptions options;

        @Option(names = "--scale", defaultValue = "20", description = "Cosine scale, 1/tau (default ${DEFAULT-VALUE}).")
        double scale;

        @Option(names = "--symmetric", description = "Add the positive -> query direction and average.")
        boolean symmetric;

        @Option(names = "--negatives", defaultValue = "mined", description = "mined, data or none (default ${DEFAULT-VALUE}).")
        String negatives;

        @Option(names = "--mine-margin", defaultValue = "0.05", description = "Skip candidates scoring above s(q, p) - margin (likely false negatives; -2: skip none, take the top-ranked non-positive; default ${DEFAULT-VALUE}).")
        double mineMargin;

        @Option(names = "--mine-depth", defaultValue = "50", description = "Top candidates considered per query (default ${DEFAULT-VALUE}).")
        int mineDepth;

        @Option(names = "--matryoshka", split = ",", description = "Train with MatryoshkaLoss over these nested sizes "
            + "(e.g. 384,256,128,64,32): the loss on each prefix of the vectors, weighted by --matryoshka-weights.")
        int[] matryoshka;

        @Option(names = "--matryoshka-weights", split = ",", description = "One weight per --matryoshka size, in the same order "
            + "(sentence-transformers' matryoshka_weights; default: 1 each).")
        double[] matryoshkaWeights;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (matryoshkaWeights != null && matryoshka == null) {
                throw new InvalidInputException("--matryoshka-weights needs --matryoshka (the sizes they weight)");
            }
            if (matryoshka != null) {
                matryoshkaLoss(new MultipleNegativesRankingLoss()); // the sizes and weights are checked before any data is read
            }
            if (Double.isNaN(mineMargin)) {
                throw new InvalidInputException("--mine-margin must be a number, got NaN");
            }
            TextTrainOptions.Data data = options.data(spec.commandLine().getErr());
            List<TextPair> train = switch (negatives) {
                case "mined", "none" -> data.train().stream().map(p -> p.withNegative(null)).toList();
                case "data" -> data.train();
                default -> throw new InvalidInputException("--negatives must be mined, data or none, got " + negatives);
            };
            HardNegativeMiner miner = negatives.equals("mined") ? new HardNegativeMiner(mineMargin, mineDepth, 64, data.trainPositivesByGroup()) : null;
            PairLoss mnrl = new MultipleNegativesRankingLoss(scale, symmetric, Reduction.MEAN);
            MatryoshkaLoss nested = matryoshka == null ? null : matryoshkaLoss(mnrl);
            PairLoss loss = nested == null ? mnrl : nested;
            com.fasterxml.jackson.databind.node.ObjectNode meta = new ObjectMapper().createObjectNode().put("scale", scale)
                    .put("symmetric", symmetric).put("negatives", negatives).put("mine_margin", mineMargin).put("mine_depth", mineDepth)
                    .put("chunk", options.chunk);
            if (nested != null) {
                meta.put("matryoshka", java.util.Arrays.toString(nested.dimensions()));
                meta.put("matryoshka_weights", java.util.Arrays.toString(nested.weights()));
            }
            options.run("retriever", train, data, m -> new Retriever(m, loss, options.chunk, options.seed), miner, meta,
                    null, spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        private MatryoshkaLoss matryoshkaLoss(PairLoss inner) {
            return matryoshkaWeights == null ? new MatryoshkaLoss(inner, matryoshka) : new MatryoshkaLoss(inner, matryoshka, matryoshkaWeights);
        }
    }
}
