package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.Interruption;
import org.contrastive4j.RunInterruptedException;
import org.contrastive4j.TrainingDivergedException;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.testing.TinySimClr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final int[] SHAPE = {1, 12, 12};
    private final ImageDataset data = TinySimClr.randomImages(96, 1);
    private final SimClr.Config config = TinySimClr.config(1, 12);

    @TempDir
    Path dir;

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private List<float[]> train(Path out, long steps, Long killAt, boolean resume) throws IOException {
        try (ImageModel model = SimClr.newModel(config, SHAPE, 7)) {
            SimClr method = new SimClr(model, config);
            Trainer<ViewBatch> trainer = new Trainer<>(model, TinySimClr.trainer(steps, 4), out, new ObjectMapper().createObjectNode());
            long start = resume ? trainer.resume() : 0;
            try (ViewBatches batches = new ViewBatches(data, method.views(), 16, 3, start, 2);
                 MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), start)) {
                trainer.run(batches::next, method, start, metrics, (step, loss) -> {
                    if (killAt != null && step == killAt) {
                        throw new Killed();
                    }
                });
            } catch (Killed expected) {
                return null;
            }
            List<float[]> weights = new ArrayList<>();
            for (Parameter p : model.parameters()) {
                weights.add(p.getArray().toFloatArray());
            }
            return weights;
        }
    }

    @Test
    void resumingAfterAKillGivesBitIdenticalWeights() throws IOException {
        List<float[]> straight = train(dir.resolve("straight"), 16, null, false);
        Path interrupted = dir.resolve("interrupted");
        train(interrupted, 16, 8L, false);
        assertTrue(Files.exists(interrupted.resolve("checkpoints/step-00000008/model.params")));
        List<float[]> resumed = train(interrupted, 16, null, true);
        assertEquals(straight.size(), resumed.size());
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i + " (BN statistics included)");
        }
        // The metrics file reads as one run: one line per logged step, no duplicates.
        long lines = Files.readAllLines(interrupted.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"loss\"")).count();
        assertEquals(16 / 5 + 1, lines);
    }

    @Test
    void aStopRequestWritesACheckpointOfTheStepsDoneAndTheResumedRunEndsLikeTheWholeOne() throws IOException {
        List<float[]> straight = train(dir.resolve("straight"), 16, null, false);
        Path stopped = dir.resolve("stopped");
        try (ImageModel model = SimClr.newModel(config, SHAPE, 7)) {
            SimClr method = new SimClr(model, config);
            Trainer<ViewBatch> trainer = new Trainer<>(model, TinySimClr.trainer(16, 4), stopped, new ObjectMapper().createObjectNode());
            try (ViewBatches batches = new ViewBatches(data, method.views(), 16, 3, 0, 2);
                 MetricsLog metrics = new MetricsLog(stopped.resolve("metrics.jsonl"), 0)) {
                RunInterruptedException e = assertThrows(RunInterruptedException.class,
                        () -> trainer.run(batches::next, method, 0, metrics, (step, loss) -> {
                            if (step == 6) {
                                Interruption.request(); // as Ctrl-C does while step 6 runs
                            }
                        }));
                messageContains(e, "interrupted after step 6 of 16", "step-00000006 holds it", "resume=true");
            } finally {
                Interruption.withdraw();
            }
        }
        assertEquals("step-00000006", Files.readString(stopped.resolve("checkpoints/latest")).strip(), "between the every-4 checkpoints");
        List<float[]> resumed = train(stopped, 16, null, true);
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i);
        }
    }

    @Test
    void liveArraysStayFlatOverManySteps() throws IOException {
        try (ImageModel model = SimClr.newModel(config, SHAPE, 1)) {
            SimClr method = new SimClr(model, config);
            Trainer<ViewBatch> trainer = new Trainer<>(model, TinySimClr.trainer(1500, 100000), dir, new ObjectMapper().createObjectNode());
            int[] counts = new int[3];
            try (ViewBatches batches = new ViewBatches(data, method.views(), 8, 3, 0, 2);
                 MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                trainer.run(batches::next, method, 0, metrics, (step, loss) -> {
                    if (step == 100) {
                        counts[0] = model.manager().getManagedArrays().size();
                    } else if (step == 800) {
                        counts[1] = model.manager().getManagedArrays().size();
                    } else if (step == 1500) {
                        counts[2] = model.manager().getManagedArrays().size();
                    }
                });
            }
            assertEquals(counts[0], counts[1], "live arrays after 100 and 800 steps");
            assertEquals(counts[0], counts[2], "live arrays after 100 and 1500 steps");
        }
    }

    @Test
    void aNaNLossStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        try (ImageModel model = SimClr.newModel(config, SHAPE, 1)) {
            SimClr method = new SimClr(model, config);
            Trainer<ViewBatch> trainer = new Trainer<>(model, TinySimClr.trainer(20, 4), dir, new ObjectMapper().createObjectNode());
            Trainer.Objective<ViewBatch> poisoned = (step, batch) -> batch.step() == 6
                    ? method.loss(step, batch).mul(Float.NaN) : method.loss(step, batch);
            try (ViewBatches batches = new ViewBatches(data, method.views(), 16, 3, 0, 1);
                 MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                        () -> trainer.run(batches::next, poisoned, 0, metrics, null));
                messageContains(e, "NaN", "step 6", "step-00000004");
            }
            assertEquals("step-00000004", Files.readString(dir.resolve("checkpoints/latest")).strip());
            for (Parameter p : model.parameters()) {
                NDArray w = p.getArray();
                assertTrue(w.isNaN().any().getBoolean() == false, "weights untouched by the NaN step");
            }
        }
    }

    /**
     * A finite loss whose gradient is NaN (d sqrt(x - x) / dx = 0 / 0): a NaN that recomputing the
     * step gives again stops the run; one that does not (an engine glitch) is recomputed, counted in
     * the metrics, and training goes on.
     */
    @Test
    void aNaNGradientStopsTheRunOnlyWhenRecomputingTheStepGivesItAgain() throws IOException {
        try (ImageModel model = SimClr.newModel(config, SHAPE, 1)) {
            SimClr method = new SimClr(model, config);
            Trainer.Objective<ViewBatch> always = (step, batch) -> {
                NDArray z = method.loss(step, batch);
                return batch.step() == 3 ? z.add(z.sub(z).sqrt()) : z;
            };
            Trainer<ViewBatch> trainer = new Trainer<>(model, TinySimClr.trainer(8, 100), dir.resolve("a"),
                    new ObjectMapper().createObjectNode());
            try (ViewBatches batches = new ViewBatches(data, method.views(), 16, 3, 0, 1);
                 MetricsLog metrics = new MetricsLog(dir.resolve("a.jsonl"), 0)) {
                TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                        () -> trainer.run(batches::next, always, 0, metrics, null));
                messageContains(e, "gradient", "step 3", "recomputed");
            }
            int[] calls = {0};
            Trainer.Objective<ViewBatch> once = (step, batch) -> {
                NDArray z = method.loss(step, batch);
                return batch.step() == 3 && calls[0]++ == 0 ? z.add(z.sub(z).sqrt()) : z;
            };
            Trainer<ViewBatch> again = new Trainer<>(model, TinySimClr.trainer(8, 100), dir.resolve("b"),
                    new ObjectMapper().createObjectNode());
            try (ViewBatches batches = new ViewBatches(data, method.views(), 16, 3, 0, 1);
                 MetricsLog metrics = new MetricsLog(dir.resolve("b.jsonl"), 0)) {
                again.run(batches::next, once, 0, metrics, null);
            }
            assertTrue(Files.readString(dir.resolve("b.jsonl")).contains("\"recomputed_nonfinite_steps\":1"));
            for (Parameter p : model.parameters()) {
                assertTrue(!p.getArray().isNaN().any().getBoolean(), "weights stay finite");
            }
        }
    }

    @Test
    void aCorruptCheckpointIsReportedByFile() throws IOException {
        train(dir, 8, null, false);
        Path params = dir.resolve("checkpoints/step-00000008/model.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> train(dir, 16, null, true));
        messageContains(e, "model.params", "SHA-256");
    }

    @Test
    void aBrokenLatestPointerFallsBackToTheNewestWholeCheckpoint() throws IOException {
        train(dir, 8, null, false);
        Checkpoints checkpoints = new Checkpoints(dir);
        Files.writeString(dir.resolve("checkpoints/latest"), "step-00000099\n"); // a kill between the rename and the pointer
        Files.createDirectories(dir.resolve("checkpoints/.tmp-step-00000012"));   // and a half-written one
        assertEquals(dir.resolve("checkpoints/step-00000008"), checkpoints.latest());
        Files.delete(dir.resolve("checkpoints/latest"));
        assertEquals(dir.resolve("checkpoints/step-00000008"), checkpoints.latest());
    }

    @Test
    void aHalfWrittenLastMetricsLineIsDroppedOnResume() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\": 1, \"loss\": 2.0}\n{\"step\": 2, \"loss\": 1.5}\n{\"step\": 3, \"lo");
        new MetricsLog(file, 2).close();
        assertEquals(2, MetricsLog.read(file).size());
        Files.writeString(file, "{\"step\": 1}\nnot json\n{\"step\": 2}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> new MetricsLog(file, 2)), "metrics.jsonl:2");
    }
}
