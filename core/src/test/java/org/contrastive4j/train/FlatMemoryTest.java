package org.contrastive4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.method.Dino;
import org.contrastive4j.method.MoCo;
import org.contrastive4j.method.Retriever;
import org.contrastive4j.testing.TinySimClr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Methods with state beside the weights (queues, momentum encoders, centres) and the text path hold flat memory. */
class FlatMemoryTest {
    private static final int[] SHAPE = {1, 12, 12};
    private static final SmallResNet.Config ENCODER = new SmallResNet.Config(1, 8, new int[] {8, 16}, 1);
    private final ImageDataset data = TinySimClr.randomImages(96, 1);

    @TempDir
    Path dir;

    private <B extends org.contrastive4j.data.Batch> void assertFlat(Trainable trainable, Trainer.Objective<B> objective,
                                                                    java.util.function.Supplier<B> batches, long steps,
                                                                    IntSupplier liveArrays) throws IOException {
        TrainerConfig tc = TrainerConfig.defaults(steps).warmupSteps(2).weightDecay(1e-4).logEvery(5).checkpointEvery(100000)
                .progressBar(false);
        Trainer<B> trainer = new Trainer<>(trainable, tc, dir, new ObjectMapper().createObjectNode());
        List<Integer> counts = new ArrayList<>();
        try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
            trainer.run(batches, objective, 0, metrics, (step, loss) -> {
                if (step == steps / 4 || step == steps) {
                    counts.add(liveArrays.getAsInt());
                }
            });
        }
        assertEquals(counts.get(0), counts.get(1), "live arrays after " + steps / 4 + " and " + steps + " steps");
    }

    @Test
    void moco() throws IOException {
        MoCo.Config config = MoCo.defaults().encoder(ENCODER).headHidden(16).headOut(16).tau(0.2).momentum(0.99)
                .queueSize(64).bnGroups(2).views(ViewTransform.simclr(12));
        try (ImageModel query = ImageModel.create(ENCODER, 16, 16, SHAPE, 1)) {
            MoCo moco = new MoCo(query, config, SHAPE, 1);
            try (ViewBatches batches = new ViewBatches(data, moco.views(), 8, 3, 0, 1)) {
                assertFlat(moco, moco, batches::next, 200, () -> query.manager().getManagedArrays().size()
                        + moco.keyEncoder().manager().getManagedArrays().size());
            } finally {
                moco.closeKeyEncoder();
            }
        }
    }

    @Test
    void dino() throws IOException {
        Dino.Config d = Dino.defaults().encoder(ENCODER).totalSteps(200).views(ViewTransform.simclr(12));
        try (ImageModel student = Dino.newModel(d, SHAPE, 1); ImageModel teacher = Dino.newModel(d, SHAPE, 1)) {
            Dino dino = new Dino(student, teacher, d);
            try (ViewBatches batches = new ViewBatches(data, dino.views(), 8, 3, 0, 1)) {
                assertFlat(dino, dino, batches::next, 200, () -> student.manager().getManagedArrays().size()
                        + teacher.manager().getManagedArrays().size());
            }
        }
    }

    @Test
    void textRetrieverWithGradCache() throws IOException {
        List<TextPair> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(new TextPair("query number " + i, "answer " + i, "other " + i, null));
        }
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withLayers(1))) {
            TextBatches batches = new TextBatches(pairs, 4, 1);
            long[] next = {0};
            assertFlat(model, new Retriever(model, 20, true, 2, 1), () -> batches.make(next[0]++), 40,
                    () -> model.manager().getManagedArrays().size());
        }
    }

    @Test
    void clipWithATunedTextLayer() throws IOException {
        List<List<String>> captions = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            captions.add(List.of("a photo of thing " + c, "thing " + c, "a picture of thing " + c));
        }
        ImageDataset labelled = new ImageDataset(data.pixels(), java.util.stream.IntStream.range(0, data.size()).map(i -> i % 10).toArray(),
                data.channels(), data.height(), data.width(), java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList());
        org.contrastive4j.encoder.ClipModel.Config config = new org.contrastive4j.encoder.ClipModel.Config(ENCODER, SHAPE, 8, 1);
        try (org.contrastive4j.encoder.ClipModel clip = org.contrastive4j.encoder.ClipModel.create(config,
                TextModel.miniLm(BertConfig.miniLmL6().withLayers(1)), 1)) {
            org.contrastive4j.method.Clip objective = new org.contrastive4j.method.Clip(clip,
                    new org.contrastive4j.data.CaptionSampler(captions, 1), 1);
            ViewTransform augment = ViewTransform.simclr(12);
            try (ViewBatches batches = new ViewBatches(labelled, org.contrastive4j.augment.ViewGenerator.multiCrop(augment.build(), 1,
                    augment.build(), 0), 8, 3, 0, 1)) {
                assertFlat(clip, objective, batches::next, 100, () -> clip.manager().getManagedArrays().size()
                        + clip.text().manager().getManagedArrays().size());
            }
        }
    }
}
