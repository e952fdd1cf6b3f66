package org.contrastive4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.KnnClassifier;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.loss.TripletMarginLoss;
import org.contrastive4j.method.SimClr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library programs, as a user writes them, on a slice of real data (WordNet's reverse dictionary). */
class LibraryProgramsTest {
    @TempDir
    Path dir;

    @Test
    void encodeInFiveLines() {
        float[][] v;
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            v = model.encode(List.of("a red pullover", "a pair of jeans"));
            assertEquals(384, model.dimension());
        }
        assertEquals(2, v.length);
        try (TextModel direct = TextModel.miniLm()) {
            assertArrayEquals(direct.embedAll(List.of("a red pullover", "a pair of jeans"), 2, null)[1], v[1], 1e-6f);
        }
    }

    @Test
    void fineTuneOnOwnPairsThenSave() throws Exception {
        Path pairsFile = dir.resolve("pairs.jsonl");
        List<TextPair> wordnet = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0).reverseDictionary(Split.TRAIN, 'n')
                .subList(0, 2000);
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(pairsFile)) {
            for (TextPair p : wordnet) {
                w.write(json.writeValueAsString(Map.of("anchor", p.anchor(), "positive", p.positive())));
                w.newLine();
            }
        }
        List<Long> steps = new ArrayList<>();
        FitResult r;
        float[] trained;
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            r = Fit.of(model, new MultipleNegativesRankingLoss(20))
                    .data(Pairs.read(pairsFile))
                    .evaluator(RetrievalEvaluator.heldOut(0.2))
                    .epochs(1).batchSize(32).seed(42)
                    .progress((step, total, loss) -> steps.add(step))
                    .run();
            model.save(dir.resolve("my-model"));
            trained = model.encode("a domestic animal that barks");
        }
        assertEquals(50, r.steps(), "1600 training pairs in batches of 32, one epoch");
        assertEquals(50, steps.size());
        double before = r.before().retrieval().mrrAt10();
        double after = r.after().retrieval().mrrAt10();
        System.out.println("held-out MRR@10 " + before + " -> " + after);
        assertTrue(after > before + 0.02, "held-out MRR@10 " + before + " -> " + after);
        assertEquals(400, r.after().retrieval().queries());
        try (TextEncoder reloaded = TextEncoder.load(dir.resolve("my-model").toString())) {
            assertArrayEquals(trained, reloaded.encode("a domestic animal that barks"), 1e-5f, "the saved model is the trained one");
        }
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().startsWith("checkpoints")), "no files unless asked");
    }

    @Test
    void checkpointsAndMetricsWhenAskedAndAResumedRunEndsWhereTheWholeOneDoes() throws Exception {
        List<TextPair> pairs = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0).reverseDictionary(Split.TRAIN, 'n')
                .subList(0, 64);
        FitResult[] last = new FitResult[1];
        float[][] vectors = wholeAndResumed("run", (model, options) ->
                last[0] = Fit.of(model, new MultipleNegativesRankingLoss(20)).data(pairs).options(options).run());
        assertNull(last[0].before());
        assertArrayEquals(vectors[0], vectors[1], 1e-6f, "resumed at step 4 of 8, it ends with the uninterrupted run's weights");
        assertTrue(Files.readAllLines(dir.resolve("run.jsonl")).size() >= 1);
    }

    @Test
    void pretrainAnImageEncoderWithSimClrThenSave() {
        ImageDataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(2000);
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(1000);
        float[][] images = Embeddings.images(train, train.size());
        float[][] testImages = Embeddings.images(test, test.size());
        double before;
        double after;
        float[][] e;
        FitResult r;
        try (ImageEncoder encoder = ImageEncoder.resnet(1, 28)) {
            before = knn(encoder.encode(images), train, encoder.encode(testImages), test);
            r = SimClr.on(encoder).views(ViewTransform.simclr(28)).fit(images, Fit.epochs(5).batchSize(64));
            e = encoder.encode(images);
            after = knn(e, train, encoder.encode(testImages), test);
            encoder.save(dir.resolve("my-encoder"));
        }
        System.out.printf("SimCLR through the library: kNN %.4f -> %.4f, %d steps, %.0f images/s%n", before, after, r.steps(),
                r.examplesPerSecond());
        assertEquals(5 * (2000 / 64), r.steps());
        assertTrue(after > before + 0.03, "kNN accuracy at initialisation " + before + ", after SimCLR " + after);
        try (ImageEncoder reloaded = ImageEncoder.load(dir.resolve("my-encoder"))) {
            assertArrayEquals(e[0], reloaded.encode(new float[][] {images[0]})[0], 1e-5f, "the saved encoder is the trained one");
            assertEquals("SimCLR", reloaded.method());
        }
        try (ImageEncoder encoder = ImageEncoder.resnet(1, 28)) {
            float[][] few = java.util.Arrays.copyOf(images, 64);
            FitResult triplets = SimClr.on(encoder).loss(new TripletMarginLoss()).fit(few, Fit.epochs(1).batchSize(16));
            assertEquals(4, triplets.steps(), "any EmbeddingLoss over the two views plugs in");
            assertTrue(Double.isFinite(triplets.lastLoss()));
            messageContains(assertThrows(InvalidInputException.class, () -> SimClr.on(encoder).views(ViewTransform.simclr(32))),
                    "views must make views of the encoder's input size 28, got 32");
            messageContains(assertThrows(InvalidInputException.class, () -> SimClr.on(encoder).fit(new float[][] {new float[5]},
                    Fit.epochs(1))), "image 0 has 5 values");
            messageContains(assertThrows(InvalidInputException.class, () -> SimClr.on(encoder).fit(images, Fit.epochs(1)
                    .batchSize(4096))), "batchSize must be at most the number of images (2000), got 4096");
        }
    }

    private static double knn(float[][] train, ImageDataset trainData, float[][] test, ImageDataset testData) {
        return KnnClassifier.defaults().accuracy(train, trainData.labels(), test, testData.labels(), 10);
    }

    @Test
    void coSentOnScoredPairsRaisesTheHeldOutCorrelation() {
        List<org.contrastive4j.data.ScoredPair> scored = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0)
                .scoredPairs(Split.TRAIN, 'n', 1500, 0);
        ScoredFit.Result r;
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            r = Fit.of(model, new org.contrastive4j.loss.CoSENTLoss()).data(scored).heldOut(0.2)
                    .options(Fit.epochs(1).batchSize(32).learningRate(5e-5)).run();
        }
        System.out.printf("CoSENT on WordNet path similarity: held-out Spearman %.4f -> %.4f, Pearson %.4f -> %.4f, %d steps%n",
                r.before().spearman(), r.after().spearman(), r.before().pearson(), r.after().pearson(), r.steps());
        assertEquals(300, r.after().pairs());
        assertEquals(1200 / 32, r.steps());
        assertTrue(r.after().spearman() > r.before().spearman() + 0.05,
                "held-out Spearman " + r.before().spearman() + " -> " + r.after().spearman());
    }

    @Test
    void aResumedScoredFitEndsWhereTheWholeOneDoes() {
        List<org.contrastive4j.data.ScoredPair> scored = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0)
                .scoredPairs(Split.TRAIN, 'n', 64, 0);
        float[][] vectors = wholeAndResumed("scored", (model, options) ->
                Fit.of(model, new org.contrastive4j.loss.CoSENTLoss()).data(scored).options(options).run());
        assertArrayEquals(vectors[0], vectors[1], 1e-6f, "resumed at step 4 of 8 (dropout on), it ends with the uninterrupted run's weights");
    }

    /**
     * Runs {@code fit} (2 epochs, batch 16, seed 7) on a fresh MiniLM whole, then with checkpoints every
     * 4 steps stopped after step 4, then again from those checkpoints (metrics in NAME.jsonl); returns the vector of one
     * text after the whole run and after the resumed one.
     */
    private float[][] wholeAndResumed(String name, BiConsumer<TextEncoder, FitOptions> fit) {
        FitOptions options = Fit.epochs(2).batchSize(16).seed(7);
        float[] whole;
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            fit.accept(model, options);
            whole = model.encode("a small boat");
        }
        FitOptions resumable = options.checkpoints(dir.resolve(name), 4).metrics(dir.resolve(name + ".jsonl"));
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            // the first half only, as a run that was stopped there would have left it
            fit.accept(model, resumable.progress((step, total, loss) -> {
                if (step == 4) {
                    throw new IllegalStateException("stopped");
                }
            }));
        } catch (IllegalStateException stopped) {
            assertEquals("stopped", stopped.getMessage());
        }
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            fit.accept(model, resumable);
            return new float[][] {whole, model.encode("a small boat")};
        }
    }

    /** Without dropout GradCache changes memory, not the training: the same weights from the same seed. */
    @Test
    void gradCacheTrainsAsThePlainStep() {
        List<org.contrastive4j.data.ScoredPair> scored = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0)
                .scoredPairs(Split.TRAIN, 'n', 64, 0);
        List<TextPair> pairs = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0)
                .reverseDictionary(Split.TRAIN, 'n').subList(0, 64);
        float[][] scoredDelta = new float[2][];
        float[][] pairDelta = new float[2][];
        for (int cached = 0; cached < 2; cached++) {
            try (TextEncoder model = TextEncoder.of(org.contrastive4j.encoder.TextModel.miniLm(
                    org.contrastive4j.encoder.BertConfig.miniLmL6().withLayers(1).withDropout(0)))) {
                float[] start = queryWeight(model);
                Fit.of(model, new org.contrastive4j.loss.CoSENTLoss()).data(scored).gradCache(cached * 5)
                        .options(Fit.epochs(1).batchSize(16).learningRate(1e-4).seed(3)).run();
                scoredDelta[cached] = minus(queryWeight(model), start);
            }
            try (TextEncoder model = TextEncoder.of(org.contrastive4j.encoder.TextModel.miniLm(
                    org.contrastive4j.encoder.BertConfig.miniLmL6().withLayers(1).withDropout(0)))) {
                float[] start = queryWeight(model);
                Fit.of(model, new MultipleNegativesRankingLoss(20)).data(pairs).gradCache(cached * 5).batchSize(16).epochs(1).seed(3)
                        .learningRate(1e-4).run();
                pairDelta[cached] = minus(queryWeight(model), start);
            }
        }
        assertTrue(relativeDifference(scoredDelta[0], scoredDelta[1]) < 1e-2, "CoSENT: " + relativeDifference(scoredDelta[0], scoredDelta[1]));
        assertTrue(relativeDifference(pairDelta[0], pairDelta[1]) < 1e-2, "MNRL: " + relativeDifference(pairDelta[0], pairDelta[1]));
    }

    private static float[] queryWeight(TextEncoder model) {
        return model.model().encoder().parameters().get("encoder.layer.0.attention.self.query.weight").toFloatArray();
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double relativeDifference(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            norm += a[i] * (double) a[i];
        }
        assertTrue(norm > 0, "the weights moved");
        return Math.sqrt(diff / norm);
    }

    @Test
    void mistakesNameTheParameter() {
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            messageContains(assertThrows(InvalidInputException.class, () -> Fit.of(model, new MultipleNegativesRankingLoss(20))
                    .learningRate(-1)), "learningRate must be > 0, got -1");
            messageContains(assertThrows(InvalidInputException.class, () -> Fit.of(model, new MultipleNegativesRankingLoss(20))
                    .batchSize(1)), "batchSize must be at least 2");
            messageContains(assertThrows(InvalidInputException.class, () -> Fit.of(model, new MultipleNegativesRankingLoss(20)).run()),
                    "no training pairs");
            messageContains(assertThrows(InvalidInputException.class, () -> RetrievalEvaluator.heldOut(1.5)), "between 0 and 1");
            messageContains(assertThrows(InvalidInputException.class, () -> Fit.of(model, new MultipleNegativesRankingLoss(20))
                    .gradCache(-1)), "chunkSize must be 0 (no GradCache) or positive, got -1");
            messageContains(assertThrows(InvalidInputException.class, () -> Fit.of(model, new MultipleNegativesRankingLoss(20))
                    .data(List.of(new TextPair("a", "b", null, null), new TextPair("c", "d", null, null))).batchSize(8).run()),
                    "batchSize 8 is more than the 2 pairs");
        }
        messageContains(assertThrows(InvalidInputException.class, () -> TextEncoder.load("no-such-model-name")), "no-such-model-name");
    }
}
