package org.contrastive4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SimCLR training step (forward of both views, NT-Xent, backward, AdamW) through the real
 * {@link Trainer}, on augmented Fashion-MNIST views made beforehand, so only the step is timed;
 * and the share of the machine's float32 matmul peak the step reaches (FLOPs counted from the
 * model's shapes: 2 per multiply-add, backward twice the forward).
 */
public final class TrainStepBenchmark {

    private TrainStepBenchmark() {}

    /**
     * @param batches distinct view batches cycled through (made beforehand)
     * @param dumpViews when set, the views as .npy [batches * 2 * batch][c*h*w] for the PyTorch twin
     */
    public static StepResult simclr(ImageDataset train, int batch, int batches, int warmup, int repeats, long seed, Path dumpViews)
            throws IOException {
        int total = warmup + repeats;
        long[] ends = new long[total + 1];
        ends[0] = System.nanoTime();
        SimClr.Config config = run(train, batch, batches, total, seed, dumpViews, (step, loss) -> ends[(int) step] = System.nanoTime());
        Timing step = Timing.ofStepEnds(ends, warmup, repeats);
        int[] shape = {train.channels(), train.height(), train.width()};
        double gflop = 3 * forwardFlops(config, shape, 2 * batch) / 1e9;
        return new StepResult(step, gflop, gemmPeakGflops(2048, 5));
    }

    /**
     * Resident memory over a long SimCLR run: {@code steps} real training steps (the same cycled
     * view batches), VmRSS read from /proc/self/status after every {@code every} steps.
     *
     * @return rows of {step, resident MiB}
     */
    public static List<double[]> residentMemory(ImageDataset train, int batch, int batches, int steps, int every, long seed,
                                               java.util.function.Consumer<double[]> onSample)
            throws IOException {
        ResidentMemorySamples samples = new ResidentMemorySamples(every, onSample);
        run(train, batch, batches, steps, seed, null, samples);
        return samples.rows();
    }

    /** Least-squares slope of y over x. */
    public static double slope(List<double[]> rows) {
        double n = rows.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] r : rows) {
            sx += r[0];
            sy += r[1];
            sxx += r[0] * r[0];
            sxy += r[0] * r[1];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** {@code steps} SimCLR steps through the real Trainer on view batches made beforehand and cycled. */
    private static SimClr.Config run(ImageDataset train, int batch, int batches, int steps, long seed, Path dumpViews,
                                     Trainer.StepListener listener) throws IOException {
        int[] shape = {train.channels(), train.height(), train.width()};
        SimClr.Config config = twinConfig(train.channels(), train.height());
        List<ViewBatch> made = new ArrayList<>();
        try (ImageModel model = SimClr.newModel(config, shape, seed)) {
            SimClr method = new SimClr(model, config);
            try (ViewBatches views = new ViewBatches(train, method.views(), batch, seed, 0, 2)) {
                for (int i = 0; i < batches; i++) {
                    made.add(views.make(i));
                }
            }
            if (dumpViews != null) {
                dump(made, dumpViews);
            }
            Path dir = Files.createTempDirectory("c4j-bench");
            TrainerConfig tc = TrainerConfig.defaults(steps).warmupSteps(1).logEvery(steps)
                    .checkpointEvery(Integer.MAX_VALUE).progressBar(false);
            Trainer<ViewBatch> trainer = new Trainer<>(model, tc, dir, new ObjectMapper().createObjectNode());
            long[] next = {0};
            try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                trainer.run(() -> {
                    ViewBatch b = made.get((int) (next[0] % batches));
                    return new ViewBatch(next[0]++, b.views(), b.shapes(), b.labels(), b.indices());
                }, method, 0, metrics, listener);
            }
            org.contrastive4j.io.SafeFiles.deleteTree(dir);
            return config;
        }
    }

    /** Multiply-adds x 2 of the encoder and head's forward pass over {@code images} images. */
    /** The model bench/simclr_step_torch.py twins: stem 16, stages 16/32/64 of one block, head 64-128. */
    static SimClr.Config twinConfig(int channels, int size) {
        return new SimClr.Config(new SmallResNet.Config(channels, 16, new int[] {16, 32, 64}, 1), 64, 128,
                SimClr.Config.DEFAULT_TAU, ViewTransform.simclr(size));
    }

    static double forwardFlops(SimClr.Config config, int[] shape, int images) {
        SmallResNet.Config e = config.encoder();
        int h = shape[1];
        int w = shape[2];
        double macs = conv(shape[0], e.stemWidth(), 3, h, w);
        int in = e.stemWidth();
        for (int stage = 0; stage < e.widths().length; stage++) {
            for (int b = 0; b < e.blocksPerStage(); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int out = e.widths()[stage];
                int oh = (h + stride - 1) / stride;
                int ow = (w + stride - 1) / stride;
                macs += conv(in, out, 3, oh, ow) + conv(out, out, 3, oh, ow);
                if (in != out || stride != 1) {
                    macs += conv(in, out, 1, oh, ow);
                }
                in = out;
                h = oh;
                w = ow;
            }
        }
        macs += (double) in * config.headHidden() + (double) config.headHidden() * config.headOut();
        return 2 * macs * images;
    }

    private static double conv(int in, int out, int k, int h, int w) {
        return (double) in * out * k * k * h * w;
    }

    /** The float32 GEMM rate of this engine, n x n x n, median of {@code repeats}. */
    public static double gemmPeakGflops(int n, int repeats) {
        try (NDManager m = org.contrastive4j.tensor.Devices.newManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            Timing t = Timing.measure(2, repeats, () -> {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
            });
            return 2.0 * n * n * n / (t.medianMs() / 1e3) / 1e9;
        }
    }

    private static void dump(List<ViewBatch> batches, Path file) throws IOException {
        List<float[]> rows = new ArrayList<>();
        for (ViewBatch b : batches) {
            for (float[] view : b.views()) {
                int size = view.length / b.size();
                for (int i = 0; i < b.size(); i++) {
                    rows.add(Arrays.copyOfRange(view, i * size, (i + 1) * size));
                }
            }
        }
        Files.write(file, EmbeddingFiles.npy(rows.toArray(new float[0][])));
    }
}
