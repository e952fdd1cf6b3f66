package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.TextEvaluation;
import org.contrastive4j.precision.Precision;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each text objective learns on a slice of the WordNet reverse dictionary: 30 steps of 32
 * pairs from all-MiniLM-L6-v2, measured on 400 held-out test queries (deterministic per seed;
 * the margins are about half of what these runs gain).
 */
class TextTrainingTest {
    private static final WordNetDatasets DATA = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
    private static final List<TextPair> TRAIN = DATA.reverseDictionary(Split.TRAIN, 'n').subList(0, 1024);

    @TempDir
    Path dir;

    private TextTraining.Summary run(String method, java.util.function.Function<TextModel, Trainer.Objective<TextBatch>> objective,
                                     List<TextPair> pairs, long steps) throws Exception {
        try (TextModel model = TextModel.miniLm()) {
            TrainerConfig tc = TrainerConfig.defaults(steps).learningRate(5e-5).warmupSteps(3).weightDecay(0.01)
                    .clipNorm(1.0).logEvery(5).checkpointEvery(100000).progressBar(false);
            return TextTraining.run(method, model, objective.apply(model), new TextBatches(pairs, 32, 1),
                    new TextEvaluation(DATA.reverseDictionary(Split.DEV, 'n').subList(0, 100), null, 64),
                    new TextEvaluation(DATA.reverseDictionary(Split.TEST, 'n').subList(0, 400), null, 64), tc,
                    new TextTraining.RunConfig(dir, 1, false, 0, null), new ObjectMapper().createObjectNode(),
                    new PrintWriter(new StringWriter()));
        }
    }

    @Test
    void retrieverImprovesHeldOutRetrieval() throws Exception {
        TextTraining.Summary s = run("retriever", m -> new Retriever(m, 20, false, 0, 1), TRAIN, 30);
        double before = s.results().get(0).retrieval().mrrAt10();
        double after = s.results().get(1).retrieval().mrrAt10();
        assertTrue(after > before + 0.02, "MRR@10 " + before + " -> " + after);
        assertTrue(Files.exists(s.model().resolve("model.safetensors")) && Files.exists(s.report()));
        try (TextModel reloaded = TextModel.load(s.model())) {
            TextEvaluation test = new TextEvaluation(DATA.reverseDictionary(Split.TEST, 'n').subList(0, 400), null, 64);
            assertEquals(after, test.evaluate("reloaded", reloaded).retrieval().mrrAt10(), 1e-6, "the saved model is the trained one");
        }
    }

    @Test
    void supervisedSimCseImprovesHeldOutRetrieval() throws Exception {
        List<TextPair> triples = TRAIN.stream().filter(p -> p.negative() != null).toList();
        TextTraining.Summary s = run("simcse-sup", m -> new SupervisedSimCse(m, 0.05, 0, 1), triples, 30);
        double before = s.results().get(0).retrieval().mrrAt10();
        double after = s.results().get(1).retrieval().mrrAt10();
        assertTrue(after > before + 0.02, "MRR@10 " + before + " -> " + after);
    }

    @Test
    void unsupervisedSimCseSpreadsTheSentencesOut() throws Exception {
        List<TextPair> sentences = TRAIN.stream().map(p -> new TextPair(p.anchor(), p.anchor(), null, p.group())).toList();
        TextTraining.Summary s = run("simcse", m -> new SimCse(m, 0.05, SimCse.Noise.DROPOUT, 1), sentences, 30);
        double before = s.results().get(0).uniformity();
        double after = s.results().get(1).uniformity();
        assertTrue(after < before - 0.15, "uniformity " + before + " -> " + after);
    }

    /** A one-layer MiniLM without dropout: small enough to compare runs exactly. */
    private static TextModel tiny(Precision precision) {
        TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1));
        model.encoder().setPrecision(precision);
        return model;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Precision.class)
    void resumeContinuesExactly(Precision precision) throws Exception {
        List<TextPair> pairs = TRAIN.subList(0, 64);
        TrainerConfig four = TrainerConfig.defaults(4).learningRate(1e-4).warmupSteps(1).weightDecay(0.01).logEvery(1)
                .checkpointEvery(2).progressBar(false);
        float[] straight;
        try (TextModel model = tiny(precision)) {
            Trainer<TextBatch> t = new Trainer<>(model, four, dir.resolve("a"), new ObjectMapper().createObjectNode());
            TextBatches b = new TextBatches(pairs, 8, 2);
            long[] next = {0};
            try (var metrics = new org.contrastive4j.train.MetricsLog(dir.resolve("a.jsonl"), 0)) {
                t.run(() -> b.make(next[0]++), new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 2), 0, metrics, null);
            }
            straight = model.encoder().parameters().get("encoder.layer.0.output.dense.weight").toFloatArray();
        }
        class Stop extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        try (TextModel model = tiny(precision)) {
            Trainer<TextBatch> t = new Trainer<>(model, four, dir.resolve("b"), new ObjectMapper().createObjectNode());
            TextBatches b = new TextBatches(pairs, 8, 2);
            long[] next = {0};
            try (var metrics = new org.contrastive4j.train.MetricsLog(dir.resolve("b.jsonl"), 0)) {
                t.run(() -> b.make(next[0]++), new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 2), 0, metrics, (step, loss) -> {
                    if (step == 2) {
                        throw new Stop();
                    }
                });
            } catch (Stop expected) {
                // killed after the checkpoint of step 2
            }
        }
        try (TextModel model = tiny(precision)) {
            Trainer<TextBatch> t = new Trainer<>(model, four, dir.resolve("b"), new ObjectMapper().createObjectNode());
            long start = t.resume();
            assertEquals(2, start);
            TextBatches b = new TextBatches(pairs, 8, 2);
            long[] next = {start};
            try (var metrics = new org.contrastive4j.train.MetricsLog(dir.resolve("b.jsonl"), start)) {
                t.run(() -> b.make(next[0]++), new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 2), start, metrics, null);
            }
            assertArrayEquals(straight, model.encoder().parameters().get("encoder.layer.0.output.dense.weight").toFloatArray(),
                    precision + ": 2 steps + resume + 2 steps equals 4 steps");
        }
    }

    @Test
    void everyNegativeOfAnNTupleServesTheWholeBatch() {
        // the batch's negatives are shared by every query, so an n-tuple's negatives count as the same negatives spread over pairs
        List<TextPair> base = TRAIN.subList(0, 4).stream().map(p -> p.withNegative(null)).toList();
        List<String> negatives = List.of("a kind of tree", "a musical instrument", "a small boat");
        List<TextPair> tuple = new ArrayList<>(base);
        tuple.set(0, base.get(0).withNegatives(negatives));
        List<TextPair> spread = new ArrayList<>(base);
        for (int i = 0; i < 3; i++) {
            spread.set(i, base.get(i).withNegative(negatives.get(i)));
        }
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1).withDropout(0));
             NDManager step = model.manager().newSubManager()) {
            Retriever retriever = new Retriever(model, 20, false, 0, 1);
            double withTuple = retriever.loss(step, new TextBatch(0, tuple)).getFloat();
            double withSpread = retriever.loss(step, new TextBatch(0, spread)).getFloat();
            double without = retriever.loss(step, new TextBatch(0, base)).getFloat();
            assertEquals(withSpread, withTuple, 1e-5);
            assertTrue(withTuple > without + 1e-3, "three more candidates in each denominator: " + without + " -> " + withTuple);
        }
    }

    @Test
    void gradCacheGivesTheGradientsOfThePlainRetrieverLoss() {
        List<TextPair> pairs = new ArrayList<>();
        for (TextPair p : TRAIN.subList(0, 12)) {
            pairs.add(p.withNegative(p.negative() == null ? "thing" : p.negative()));
        }
        pairs.set(0, pairs.get(0).withNegatives(List.of(pairs.get(0).negative(), "a kind of tree", "a small boat")));
        assertSameGradients(m -> new Retriever(m, 20, true, 0, 1), m -> new Retriever(m, 20, true, 5, 1), new TextBatch(0, pairs));
    }

    /** Without dropout both views are equal, so the two-pass cached step must give the one-pass step's gradients. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SimCse.Noise.class)
    void gradCacheGivesTheGradientsOfThePlainSimCseLoss(SimCse.Noise noise) {
        TextBatch batch = new TextBatch(0, TRAIN.subList(0, 12).stream().map(p -> new TextPair(p.anchor(), p.anchor(), null, p.group())).toList());
        assertSameGradients(m -> new SimCse(m, 0.05, noise, 1, 0), m -> new SimCse(m, 0.05, noise, 1, 5), batch);
    }

    @Test
    void gradCacheGivesTheGradientsOfThePlainSupervisedSimCseLoss() {
        List<TextPair> triples = TRAIN.subList(0, 12).stream().map(p -> p.withNegative(p.negative() == null ? "thing" : p.negative())).toList();
        assertSameGradients(m -> new SupervisedSimCse(m, 0.05, 1.0, 1, 0), m -> new SupervisedSimCse(m, 0.05, 1.0, 1, 4),
                new TextBatch(0, triples));
    }

    @Test
    void cachedSimCseDrawsIndependentMasksForItsTwoViews() {
        // with dropout on, the cached step's two passes differ, so the loss is not that of identical views
        TextBatch batch = new TextBatch(0, TRAIN.subList(0, 12).stream().map(p -> new TextPair(p.anchor(), p.anchor(), null, p.group())).toList());
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1));
             NDManager step = model.manager().newSubManager()) {
            double same = new SimCse(model, 0.05, SimCse.Noise.SAME_MASK, 1, 5).backward(step, batch);
            double dropout = new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 1, 5).backward(step, batch);
            double again = new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 1, 5).backward(step, batch);
            assertTrue(dropout > same + 1e-3, "independent masks: " + dropout + ", one mask: " + same);
            assertEquals(dropout, again, 0, "the masks come from the step's seed");
        }
    }

    @Test
    void aNegativeChunkIsRefused() {
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.contrastive4j.InvalidInputException.class,
                    () -> new SimCse(model, 0.05, SimCse.Noise.DROPOUT, 1, -1));
            assertEquals("chunkSize", e.parameter());
        }
    }

    private static void assertSameGradients(java.util.function.Function<TextModel, Trainer.Objective<TextBatch>> plainObjective,
                                            java.util.function.Function<TextModel, Trainer.Objective<TextBatch>> cachedObjective,
                                            TextBatch batch) {
        float[] plain;
        float[] cached;
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1).withDropout(0))) {
            plain = gradient(model, plainObjective.apply(model), batch);
            cached = gradient(model, cachedObjective.apply(model), batch);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < plain.length; i++) {
            diff += (plain[i] - cached[i]) * (double) (plain[i] - cached[i]);
            norm += plain[i] * (double) plain[i];
        }
        assertTrue(norm > 0);
        assertTrue(Math.sqrt(diff / norm) < 1e-4, "relative error " + Math.sqrt(diff / norm));
    }

    private static float[] gradient(TextModel model, Trainer.Objective<TextBatch> objective, TextBatch batch) {
        NDArray w = model.encoder().parameters().get("encoder.layer.0.attention.self.query.weight");
        try (NDManager step = model.manager().newSubManager()) {
            objective.backward(step, batch);
            NDArray g = w.getGradient();
            float[] values = g.toFloatArray();
            g.muli(0);
            return values;
        }
    }
}
