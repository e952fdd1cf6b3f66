package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIP: captions and prompts, the towers, the clamp, resume, and zero-shot learning on a Fashion-MNIST slice. */
class ClipTest {
    private static final int[] SHAPE = {1, 28, 28};
    private static final SmallResNet.Config ENCODER = new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1);
    private static final ImageDataset TRAIN = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(4096);
    private static final ImageDataset TEST = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(1000);
    private static final List<Captions.ClassText> CLASSES = Captions.fashionMnist(WordNet.read(WordNet.DEFAULT_DIR));

    @TempDir
    Path dir;

    @Test
    void captionsFollowTheGrammarAndPromptsAreNeverTrainingCaptions() {
        Captions.ClassText pullover = CLASSES.get(2);
        assertEquals(List.of("pullover"), pullover.names());
        assertTrue(pullover.nouns().containsAll(List.of("pullover", "slipover", "sweater", "jumper")), pullover.nouns().toString());
        List<String> captions = Captions.training(pullover);
        assertTrue(captions.contains("a photo of a pullover."));
        assertTrue(captions.contains("a sweater: a crocheted or knitted garment covering the upper part of the body"), captions.toString());
        assertEquals(captions.size(), new HashSet<>(captions).size(), "no caption twice");
        assertEquals(List.of("t-shirt", "top"), CLASSES.get(0).names());
        assertTrue(Captions.training(CLASSES.get(9)).contains("an ankle boot."), "a -> an before a vowel");
        assertEquals("a photo of an ankle boot.", Captions.fill("a photo of a {}.", "ankle boot"));
        Set<String> all = new HashSet<>();
        CLASSES.forEach(c -> all.addAll(Captions.training(c)));
        for (Captions.ClassText c : CLASSES) {
            for (String p : Captions.prompts(c)) {
                assertFalse(all.contains(p), "prompt '" + p + "' is also a training caption");
            }
        }
    }

    @Test
    void captionSamplerDealsDistinctCaptionsPerClassAndRepeatsItsDraws() {
        List<List<String>> captions = List.of(List.of("a0", "a1", "a2"), List.of("b0", "b1"));
        CaptionSampler sampler = new CaptionSampler(captions, 7);
        int[] labels = {0, 1, 0, 0, 1};
        List<String> drawn = sampler.sample(labels, 3);
        assertEquals(drawn, sampler.sample(labels, 3), "same (seed, step), same captions");
        assertEquals(3, new HashSet<>(List.of(drawn.get(0), drawn.get(2), drawn.get(3))).size(), "class 0 deals 3 distinct");
        assertNotEquals(drawn.get(1), drawn.get(4));
        assertTrue(drawn.get(1).startsWith("b") && drawn.get(0).startsWith("a"));
    }

    @Test
    void theLogitScaleIsClampedAt100AndItsGradientStopsThere() {
        try (ClipModel model = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 4, new int[] {4}, 1), SHAPE, 8, 0),
                TextModel.miniLm(BertConfig.miniLmL6().withLayers(1)), 0);
             NDManager m = NDManager.newBaseManager()) {
            org.contrastive4j.tensor.Scoped.copyInto(model.loss().logScale(), new float[] {(float) Math.log(150)});
            assertEquals(100, model.loss().scale(), 1e-9);
            NDArray a = m.randomNormal(new ai.djl.ndarray.types.Shape(6, 8));
            NDArray b = m.randomNormal(new ai.djl.ndarray.types.Shape(6, 8));
            try (ai.djl.training.GradientCollector g = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray learned = model.loss().forward(a, b);
                assertEquals(model.loss().forward(a, b, 100.0).getFloat(), learned.getFloat(), 1e-6);
                g.backward(learned);
            }
            assertEquals(0f, model.loss().logScale().getGradient().getFloat(), "no gradient beyond the clamp");
        }
    }

    @Test
    void anImageOfAnotherSizeIsAnErrorNamingIt() {
        try (ClipModel model = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 4, new int[] {4}, 1), SHAPE, 8, 0),
                TextModel.miniLm(BertConfig.miniLmL6().withLayers(1)), 0)) {
            org.contrastive4j.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.contrastive4j.InvalidInputException.class, () -> model.embedImages(new float[][] {new float[784], new float[3072]}));
            assertTrue(e.getMessage().contains("image 1 has 3072 values") && e.getMessage().contains("[1, 28, 28]"), e.getMessage());
        }
    }

    @Test
    void tunedTextLayersHaveTheirOwnLearningRate() {
        try (ClipModel model = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 4, new int[] {4}, 1), SHAPE, 8, 1),
                TextModel.miniLm(BertConfig.miniLmL6().withLayers(2)), 0)) {
            model.setTextLearningRateScale(0.05);
            List<Double> scales = model.learningRateScales();
            int image = model.image().trainableArrays().size();
            assertEquals(model.trainableArrays().size(), scales.size());
            assertEquals(List.of(1.0, 1.0), scales.subList(image, image + 2), "text projection and t train at the run's rate");
            assertEquals(16, scales.size() - image - 2, "one MiniLM layer holds 16 arrays");
            assertTrue(scales.subList(image + 2, scales.size()).stream().allMatch(s -> s == 0.05));
        }
    }

    @Test
    void zeroShotAccuracyRisesFarAboveTheModelAtInitialisationAndTheSavedModelGivesTheSameAnswers() throws IOException {
        List<List<String>> prompts = CLASSES.stream().map(Captions::prompts).toList();
        float[][] images = Embeddings.images(TEST, TEST.size());
        try (ClipModel model = ClipModel.create(new ClipModel.Config(ENCODER, SHAPE, 64, 0), TextModel.miniLm(), 0)) {
            double before = ClipTraining.zeroShot(model, images, TEST.labels(), prompts);
            train(model, 60, dir.resolve("run"), 0);
            double after = ClipTraining.zeroShot(model, images, TEST.labels(), prompts);
            assertTrue(before < 0.2 && after > 0.35 && after > before + 0.2,
                    String.format("zero-shot %.4f -> %.4f on %d test images", before, after, images.length));
            model.save(dir.resolve("model"));
            try (ClipModel loaded = ClipModel.load(dir.resolve("model"))) {
                assertEquals(after, ClipTraining.zeroShot(loaded, images, TEST.labels(), prompts), 1e-12);
            }
        }
    }

    @Test
    void resumeIsBitExactWithATunedTextLayerAndOnlyTunedLayersMove() throws IOException {
        ClipModel.Config config = new ClipModel.Config(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1), SHAPE, 16, 1);
        BertConfig text = BertConfig.miniLmL6().withLayers(2);
        float[] straight;
        try (ClipModel model = ClipModel.create(config, TextModel.miniLm(text), 0)) {
            float[] frozenBefore = model.text().encoder().parameters().get("encoder.layer.0.output.dense.weight").toFloatArray();
            float[] tunedBefore = model.text().encoder().parameters().get("encoder.layer.1.output.dense.weight").toFloatArray();
            train(model, 4, dir.resolve("straight"), 0);
            assertArrayEquals(frozenBefore, model.text().encoder().parameters().get("encoder.layer.0.output.dense.weight").toFloatArray());
            assertFalse(Arrays.equals(tunedBefore, model.text().encoder().parameters().get("encoder.layer.1.output.dense.weight").toFloatArray()));
            straight = flat(model);
        }
        try (ClipModel first = ClipModel.create(config, TextModel.miniLm(text), 0)) {
            train(first, 4, dir.resolve("resumed"), 2);
        }
        try (ClipModel second = ClipModel.create(config, TextModel.miniLm(text), 0)) {
            train(second, 4, dir.resolve("resumed"), -1);
            assertArrayEquals(straight, flat(second));
        }
    }

    private static float[] flat(ClipModel model) {
        List<NDArray> arrays = model.trainableArrays();
        int n = arrays.stream().mapToInt(a -> Math.toIntExact(a.size())).sum();
        float[] out = new float[n];
        int at = 0;
        for (NDArray a : arrays) {
            float[] v = a.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Trains to {@code steps}; {@code stopAt} > 0 checkpoints there and stops (a kill), -1 resumes from the checkpoint. */
    private static void train(ClipModel model, long steps, Path out, long stopAt) throws IOException {
        TrainerConfig tc = TrainerConfig.defaults(steps).warmupSteps(Math.max(1, steps / 10))
                .checkpointEvery(stopAt > 0 ? (int) stopAt : 100000).progressBar(false);
        Trainer<ViewBatch> trainer = new Trainer<>(model, tc, out, new ObjectMapper().createObjectNode());
        long start = stopAt < 0 ? trainer.resume() : 0;
        Clip clip = new Clip(model, new CaptionSampler(CLASSES.stream().map(Captions::training).toList(), 0), 0);
        ViewTransform augment = ViewTransform.simclr(28);
        ViewGenerator views = ViewGenerator.multiCrop(augment.build(), 1, augment.build(), 0);
        try (ViewBatches batches = new ViewBatches(TRAIN, views, steps > 10 ? 128 : 16, 0, start, 2);
             MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), start)) {
            trainer.run(() -> {
                ViewBatch b = batches.next();
                if (stopAt > 0 && b.step() >= stopAt) {
                    throw new StopTraining();
                }
                return b;
            }, clip, start, metrics, null);
        } catch (StopTraining killed) {
            // the simulated kill, after the checkpoint at stopAt
        }
    }

    private static final class StopTraining extends RuntimeException {}
}
