package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.DinoHead;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.KnnClassifier;
import org.contrastive4j.loss.NtXentLoss;
import org.contrastive4j.loss.SupConLoss;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MoCo v2, SupCon and DINO: their mechanics, and that each learns on 2,000 Fashion-MNIST images
 * (kNN on 2,000 test images beats the encoder at initialisation by a stated margin).
 */
class ImageMethodsTest extends NdTest {
    private static final int[] SHAPE = {1, 28, 28};
    private static final SmallResNet.Config ENCODER = new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1);
    private static final ImageDataset TRAIN = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(2000);
    private static final ImageDataset TEST = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(2000);

    @TempDir
    Path dir;

    @Test
    void supConWithDistinctLabelsIsNtXentOnTheSameViews() {
        double[] a = random.gaussian(6 * 4);
        double[] b = random.gaussian(6 * 4);
        double supcon = value(new SupConLoss(0.3, SupConLoss.Variant.OUT).forward(nd(a, 6, 4), nd(b, 6, 4), new int[] {0, 1, 2, 3, 4, 5}));
        double ntxent = value(new NtXentLoss(0.3).forward(nd(a, 6, 4), nd(b, 6, 4)));
        assertEquals(ntxent, supcon, 1e-12);
    }

    @Test
    void mocoKeysCarryNoGradientAndTheKeyEncoderIsTheEmaOfTheQueryEncoder() {
        MoCo.Config config = MoCo.defaults().encoder(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1)).headHidden(16)
                .headOut(16).tau(0.2).momentum(0.9).queueSize(64).bnGroups(2).views(ViewTransform.simclr(28));
        try (ImageModel query = ImageModel.create(config.encoder(), 16, 16, SHAPE, 3)) {
            MoCo moco = new MoCo(query, config, SHAPE, 3);
            try (ViewBatches batches = new ViewBatches(TRAIN.limit(64), moco.views(), 16, 0, 0, 1)) {
                ViewBatch batch = batches.next();
                List<float[]> keyBefore = arrays(moco.keyEncoder().trainableArrays());
                List<float[]> queryBefore = arrays(query.trainableArrays());
                assertArrayEquals(queryBefore.get(0), keyBefore.get(0), "the key encoder starts as a copy");
                try (NDManager step = query.manager().newSubManager()) {
                    moco.backward(step, batch);
                    for (NDArray k : moco.keyEncoder().trainableArrays()) {
                        float[] g = k.getGradient().toFloatArray();
                        for (float v : g) {
                            assertEquals(0f, v, "no gradient reaches the key encoder");
                        }
                    }
                    // Pretend an optimizer moved the query encoder, then apply the momentum update.
                    for (NDArray w : query.trainableArrays()) {
                        w.addi(0.5f);
                    }
                    List<float[]> queryAfter = arrays(query.trainableArrays());
                    moco.afterUpdate(step, batch);
                    List<float[]> keyAfter = arrays(moco.keyEncoder().trainableArrays());
                    for (int i = 0; i < keyAfter.size(); i++) {
                        for (int j = 0; j < keyAfter.get(i).length; j++) {
                            assertEquals(0.9f * keyBefore.get(i)[j] + 0.1f * queryAfter.get(i)[j], keyAfter.get(i)[j], 1e-5f);
                        }
                    }
                    assertEquals(16, moco.queue().pointer(), "the batch's keys were enqueued");
                }
            } finally {
                moco.closeKeyEncoder();
            }
        }
    }

    @Test
    void dinoCentreFollowsTheTeacherBatchMean() {
        Dino.Config d = Dino.defaults().encoder(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1)).totalSteps(10);
        try (ImageModel student = Dino.newModel(d, SHAPE, 1); ImageModel teacher = Dino.newModel(d, SHAPE, 1)) {
            Dino dino = new Dino(student, teacher, d);
            try (ViewBatches batches = new ViewBatches(TRAIN.limit(64), dino.views(), 16, 0, 0, 1);
                 NDManager step = student.manager().newSubManager()) {
                ViewBatch batch = batches.next();
                assertEquals(6, batch.views().length, "2 global + 4 local crops");
                float[] before = dino.center().toFloatArray();
                dino.backward(step, batch);
                NDArray globals = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                        SimClr.images(step, batch, 0), SimClr.images(step, batch, 1)), 0);
                float[] mean = teacher.project(globals, true).mean(new int[] {0}).toFloatArray();
                dino.afterUpdate(step, batch);
                float[] after = dino.center().toFloatArray();
                for (int k = 0; k < after.length; k++) {
                    assertEquals(0.9f * before[k] + 0.1f * mean[k], after[k], 1e-5f, "C <- 0.9 C + 0.1 mean(teacher)");
                }
            }
        }
    }

    @Test
    void frozenPrototypesGetNoGradientUntilTheFreezeEnds() {
        Dino.Config d = Dino.defaults().encoder(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1)).totalSteps(10);
        Dino.Config frozen = d.freezePrototypeSteps(1);
        try (ImageModel student = Dino.newModel(frozen, SHAPE, 1); ImageModel teacher = Dino.newModel(frozen, SHAPE, 1)) {
            Dino dino = new Dino(student, teacher, frozen);
            NDArray prototypes = student.parameter(DinoHead.PROTOTYPES).getArray();
            for (long startStep : new long[] {0, 1}) {
                try (ViewBatches batches = new ViewBatches(TRAIN.limit(64), dino.views(), 16, 0, startStep, 1);
                     NDManager step = student.manager().newSubManager()) {
                    dino.backward(step, batches.next());
                    NDArray grad = prototypes.getGradient();
                    grad.attach(step);
                    double norm = grad.norm().getFloat();
                    if (startStep == 0) {
                        assertEquals(0.0, norm, "step 0 is inside the freeze");
                    } else {
                        assertTrue(norm > 0, "step 1 is after it: the prototypes learn");
                    }
                    for (NDArray p : student.trainableArrays()) {
                        NDArray g = p.getGradient();
                        g.attach(step);
                        g.muli(0);
                    }
                }
            }
        }
    }

    private static List<float[]> arrays(List<NDArray> list) {
        List<float[]> out = new ArrayList<>();
        list.forEach(a -> out.add(a.toFloatArray()));
        return out;
    }

    /** Trains {@code steps} steps of 128 images and returns kNN accuracy before and after. */
    private double[] learn(ImageModel model, Trainable trainable, Trainer.Objective<ViewBatch> objective, ViewGenerator views,
                           long steps, List<Map<String, Double>> diagnostics) throws IOException {
        double before = knn(model);
        TrainerConfig tc = TrainerConfig.defaults(steps).warmupSteps(steps / 10).checkpointEvery(100000).progressBar(false);
        Trainer<ViewBatch> trainer = new Trainer<>(trainable, tc, dir, new ObjectMapper().createObjectNode());
        try (ViewBatches batches = new ViewBatches(TRAIN, views, 128, 0, 0, 2);
             MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
            trainer.run(batches::next, objective, 0, metrics, (step, loss) -> diagnostics.add(objective.diagnostics()));
        }
        return new double[] {before, knn(model)};
    }

    private static double knn(ImageModel model) {
        float[][] tr = Embeddings.of(model, Embeddings.images(TRAIN, TRAIN.size()), SHAPE);
        float[][] te = Embeddings.of(model, Embeddings.images(TEST, TEST.size()), SHAPE);
        return KnnClassifier.defaults().accuracy(tr, TRAIN.labels(), te, TEST.labels(), 10);
    }

    @Test
    void mocoLearns() throws IOException {
        MoCo.Config config = MoCo.defaults().encoder(ENCODER).headHidden(64).headOut(128).tau(0.2).momentum(0.99)
                .queueSize(2000).bnGroups(4).views(ViewTransform.simclr(28));
        try (ImageModel model = ImageModel.create(ENCODER, 64, 128, SHAPE, 0)) {
            MoCo moco = new MoCo(model, config, SHAPE, 0);
            try {
                double[] knn = learn(model, moco, moco, moco.views(), 150, new ArrayList<>());
                assertTrue(knn[1] > knn[0] + 0.03, String.format("MoCo kNN %.4f -> %.4f", knn[0], knn[1]));
            } finally {
                moco.closeKeyEncoder();
            }
        }
    }

    @Test
    void supConLearnsMoreThanSelfSupervision() throws IOException {
        try (ImageModel model = ImageModel.create(ENCODER, 64, 128, SHAPE, 0)) {
            double[] knn = learn(model, model, new SupCon(model, 0.1, SupConLoss.Variant.OUT),
                    ViewGenerator.twoViews(ViewTransform.simclr(28).build()), 150, new ArrayList<>());
            assertTrue(knn[1] > knn[0] + 0.08, String.format("SupCon kNN %.4f -> %.4f", knn[0], knn[1]));
        }
    }

    /**
     * On the slice DINO's kNN does not yet rise above the encoder at initialisation within a test's
     * budget (BENCHMARKS.md); what is checked is that neither collapse happens: the teacher's
     * output entropy stays away from 0 (one prototype) and its representations stay spread.
     */
    @Test
    void dinoDoesNotCollapseOnASlice() throws IOException {
        Dino.Config d = Dino.defaults().encoder(ENCODER).totalSteps(60);
        Dino.Config config = d.momentumStart(0.99).localCrops(2);
        try (ImageModel student = Dino.newModel(config, SHAPE, 0); ImageModel teacher = Dino.newModel(config, SHAPE, 0)) {
            Dino dino = new Dino(student, teacher, config);
            List<Map<String, Double>> diagnostics = new ArrayList<>();
            learn(student, dino, dino, dino.views(), 60, diagnostics);
            for (Map<String, Double> step : diagnostics.subList(diagnostics.size() / 2, diagnostics.size())) {
                assertTrue(step.get("teacher_entropy") > 1.0, "no collapse to one prototype: " + step);
                assertTrue(step.get("teacher_std") > 0.02, "representations stay spread: " + step);
            }
        }
    }
}
