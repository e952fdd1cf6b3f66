package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder's parts on tiny cases: vocabulary, masks, teacher-forcing loss, beam search, class mentions. */
class DecoderUnitTest {

    @Test
    void vocabularyTokenizesWordsAndPunctuationAndRoundTrips() {
        assertEquals(List.of("a", "t-shirt", ",", "please", "."), CaptionVocabulary.tokenize("A T-shirt, please."));
        CaptionVocabulary v = CaptionVocabulary.build(List.of("a photo of a coat.", "a coat: a long garment"));
        assertEquals("<pad>", v.word(CaptionVocabulary.PAD));
        assertEquals("a", v.word(5), "most frequent word first after the 5 special tokens");
        int[] ids = v.encode("a photo of a coat.");
        assertEquals("a photo of a coat.", v.decode(ids));
        assertEquals(CaptionVocabulary.UNK, v.encode("a jacket")[1]);
        int[] withEos = {ids[0], ids[1], CaptionVocabulary.EOS, ids[2]};
        assertEquals("a photo", v.decode(withEos), "decoding stops at EOS");
        assertEquals("a coat: a long garment", v.decode(v.encode("a coat: a long garment")));
        CaptionVocabulary p = CaptionVocabulary.build(List.of("a trouser, (usually in the plural) a garment"));
        assertEquals("a trouser, (usually in the plural) a garment", p.decode(p.encode("a trouser, (usually in the plural) a garment")));
    }

    @Test
    void prefixLmMaskIsBidirectionalInsideThePrefixAndCausalAfterIt() {
        boolean[][] m = AttentionMask.prefixLm(2, 5);
        assertTrue(m[0][1], "a prefix position sees a later prefix position");
        assertFalse(m[0][2], "the prefix never sees the text");
        assertTrue(m[3][0] && m[3][1] && m[3][2] && m[3][3], "text sees the prefix and itself");
        assertFalse(m[3][4], "text never sees later text");
        boolean[][] causal = AttentionMask.causal(3);
        assertFalse(causal[0][1]);
        assertTrue(causal[2][0]);

        // The same through a real layer: perturb one position and see which outputs move.
        try (Parameters p = new Parameters(3); NDManager m0 = NDManager.newBaseManager()) {
            TransformerLayers.define(p, "l.", 8, false);
            double[] g = new RandomInputs(1).gaussian(5 * 8);
            float[] x = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                x[i] = (float) g[i];
            }
            NDArray mask = AttentionMask.additive(m0, m);
            float[] base = TransformerLayers.apply(p, "l.", m0.create(x, new Shape(1, 5, 8)), mask, null, 2).toFloatArray();
            for (int perturbed = 0; perturbed < 5; perturbed++) {
                float[] y = x.clone();
                y[perturbed * 8] += 1;
                float[] out = TransformerLayers.apply(p, "l.", m0.create(y, new Shape(1, 5, 8)), mask, null, 2).toFloatArray();
                for (int i = 0; i < 5; i++) {
                    boolean moved = false;
                    for (int k = 0; k < 8; k++) {
                        moved |= Math.abs(out[i * 8 + k] - base[i * 8 + k]) > 1e-6;
                    }
                    assertEquals(i == perturbed || m[i][perturbed], moved, "output " + i + " after perturbing input " + perturbed);
                }
            }
        }
    }

    @Test
    void teacherForcingLayoutAndLossIgnorePaddingWithHandValuesAndFiniteDifferences() {
        CaptionVocabulary v = CaptionVocabulary.build(List.of("a b", "a"));
        try (NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = TokenBatch.of(m, v, List.of("a b", "b"), 10, false);
            int a = v.encode("a")[0];
            int b = v.encode("b")[0];
            assertArrayEquals(new long[] {CaptionVocabulary.BOS, a, b, CaptionVocabulary.BOS, b, 0}, batch.inputs().toLongArray());
            assertArrayEquals(new int[] {a, b, CaptionVocabulary.EOS, b, CaptionVocabulary.EOS, 0}, batch.targets());
            assertEquals(5, batch.targetCount());
            TokenBatch cls = TokenBatch.of(m, v, List.of("a b", "b"), 10, true);
            assertArrayEquals(new int[] {3, 2}, cls.clsPositions());
            assertEquals(CaptionVocabulary.CLS, cls.inputs().toLongArray()[3]);
            assertEquals(CaptionVocabulary.PAD, cls.targets()[3], "CLS has no target");

            int vocab = v.size();
            double[] logits = new RandomInputs(5).gaussian(2 * 3 * vocab);
            double expected = 0;
            int[] targets = batch.targets();
            for (int pos = 0; pos < 6; pos++) {
                if (pos == 5) {
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < vocab; k++) {
                    max = Math.max(max, logits[pos * vocab + k]);
                }
                double sum = 0;
                for (int k = 0; k < vocab; k++) {
                    sum += Math.exp(logits[pos * vocab + k] - max);
                }
                expected += -(logits[pos * vocab + targets[pos]] - max - Math.log(sum));
            }
            expected /= 5;
            NDArray x = m.create(logits, new Shape(2, 3, vocab));
            assertEquals(expected, Captioner.captionLoss(x, batch).getDouble(), 1e-12);
            double[] changedPadding = logits.clone();
            changedPadding[5 * vocab + 1] += 7;
            assertEquals(expected, Captioner.captionLoss(m.create(changedPadding, new Shape(2, 3, vocab)), batch).getDouble(), 1e-12,
                    "logits at a padding position do not count");
            double[] errors = GradientCheck.relativeErrors(m, List.of(logits), List.of(new Shape(2, 3, vocab)),
                    in -> Captioner.captionLoss(in.get(0), TokenBatch.of(in.get(0).getManager(), v, List.of("a b", "b"), 10, false)));
            assertTrue(errors[0] < 1e-6, "relative gradient error " + errors[0]);
            assertEquals(DataType.FLOAT64, x.getDataType());
        }
    }

    /** Vocabulary 0 PAD, 1 BOS, 2 EOS, 3 a, 4 b, as log-probabilities of a hand-made model. */
    private static final Map<String, double[]> TABLE = Map.of(
            "1", new double[] {0, 0, 0, 0.6, 0.4},
            "1,3", new double[] {0, 0, 0.3, 0.35, 0.35},
            "1,4", new double[] {0, 0, 0.9, 0.05, 0.05},
            "1,3,3", new double[] {0, 0, 1, 0, 0},
            "1,3,4", new double[] {0, 0, 1, 0, 0},
            "1,4,3", new double[] {0, 0, 1, 0, 0},
            "1,4,4", new double[] {0, 0, 1, 0, 0});

    private static float[][] table(int[] sources, int[][] tokens) {
        float[][] out = new float[tokens.length][];
        for (int r = 0; r < tokens.length; r++) {
            StringBuilder key = new StringBuilder();
            for (int t : tokens[r]) {
                key.append(key.length() == 0 ? "" : ",").append(t);
            }
            double[] p = TABLE.get(key.toString());
            out[r] = new float[p.length];
            for (int k = 0; k < p.length; k++) {
                out[r][k] = (float) Math.log(p[k]);
            }
        }
        return out;
    }

    @Test
    void beamSearchFindsTheLikelierCaptionThatGreedyDecodingMisses() {
        BeamSearch.Hypothesis[] greedy = new BeamSearch(1, 5, 0).search(2, 1, 2, DecoderUnitTest::table);
        assertArrayEquals(new int[] {3, 3, 2}, greedy[0].tokens(), "greedy: a (0.6), a (0.35, ties to the lower id), EOS");
        assertEquals(Math.log(0.6 * 0.35), greedy[0].logProb(), 1e-6);
        BeamSearch.Hypothesis[] beam = new BeamSearch(2, 5, 0).search(2, 1, 2, DecoderUnitTest::table);
        for (BeamSearch.Hypothesis h : beam) {
            assertArrayEquals(new int[] {4, 2}, h.tokens(), "beam 2: b EOS, p = 0.4 x 0.9 = 0.36 > 0.21");
            assertEquals(Math.log(0.36), h.logProb(), 1e-6);
        }
        BeamSearch.Hypothesis[] cut = new BeamSearch(1, 1, 0).search(1, 1, 2, DecoderUnitTest::table);
        assertArrayEquals(new int[] {3}, cut[0].tokens(), "at the token limit a live beam ends without EOS");
    }

    @Test
    void batchesAndNoiseDependOnSeedAndStepAloneAndASavedModelReadsBackExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        List<List<String>> captions = List.of(List.of("a photo of a coat.", "a coat."), List.of("a bag.", "the bag."));
        int[] labels = {0, 1, 0, 1, 1, 0, 0, 1, 1, 0};
        CaptionBatches one = new CaptionBatches(labels, 4, new org.contrastive4j.data.CaptionSampler(captions, 3), 3);
        CaptionBatches two = new CaptionBatches(labels, 4, new org.contrastive4j.data.CaptionSampler(captions, 3), 3);
        one.batch(0);
        one.batch(1);
        CaptionBatch fresh = two.batch(5);
        CaptionBatch replayed = one.batch(5);
        assertArrayEquals(fresh.indices(), replayed.indices(), "step 5's batch does not depend on the batches made before it");
        assertEquals(fresh.captions(), replayed.captions());

        CaptionVocabulary v = CaptionVocabulary.build(captions.stream().flatMap(List::stream).toList());
        DecoderConfig config = new DecoderConfig(DecoderConfig.Kind.ZEROSHOT, 16, 1, 2, 8, 2, new int[] {6}, 1, 0, 0, 0.2, 1, 1);
        CaptionObjective.Inputs inputs = (index, caption) -> new float[] {index, 1, 0, -1, caption.length() / 10f, 0.5f};
        try (Captioner a = Captioner.create(config, v, 7); Captioner b = Captioner.create(config, v, 7);
             NDManager m = NDManager.newBaseManager()) {
            double first = new CaptionObjective(a, inputs, 1).loss(m, fresh).getFloat();
            assertEquals(first, new CaptionObjective(b, inputs, 1).loss(m, replayed).getFloat(), 0, "same seed and step, same noise");
            CaptionBatch sameExamplesLaterStep = new CaptionBatch(6, fresh.indices(), fresh.labels(), fresh.captions());
            assertTrue(first != new CaptionObjective(b, inputs, 1).loss(m, sameExamplesLaterStep).getFloat(), "noise changes with the step");

            a.save(dir);
            try (Captioner loaded = Captioner.load(dir)) {
                float[][] x = {inputs.of(0, "a coat."), inputs.of(3, "a bag.")};
                BeamSearch search = new BeamSearch(2, 7, 1);
                assertArrayEquals(a.caption(x, search), loaded.caption(x, search));
            }
        }
    }

    @Test
    void theFirstClassNounMentionedNamesTheCaptionsClass() {
        List<Captions.ClassText> classes = Captions.fashionMnist(WordNet.read(WordNet.DEFAULT_DIR));
        ClassMentions mentions = new ClassMentions(classes);
        assertEquals(2, mentions.firstMentioned("a photo of a sweater."));
        assertEquals(0, mentions.firstMentioned("a tee shirt: a shirt with short sleeves"), "longest match first: tee shirt, not shirt");
        assertEquals(6, mentions.firstMentioned("a shirt"));
        assertEquals(9, mentions.firstMentioned("an ankle boot."));
        assertEquals(5, mentions.firstMentioned("a sandal: a shoe consisting of a sole"));
        assertEquals(-1, mentions.firstMentioned("a photo of a dog."));
        assertEquals(0.5, mentions.accuracy(new String[] {"a coat.", "a coat."}, new int[] {4, 3}), 1e-12);
    }
}
