package org.contrastive4j.method;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.FitOptions;
import org.contrastive4j.FitResult;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The loop every image method's {@code fit} shares: view batches of the images, AdamW with a
 * linear warm-up over 5% of the steps, optional checkpoints (resumed when present), metrics and
 * progress, all from {@link FitOptions}.
 */
final class ImageMethodFit {
    static final int DEFAULT_BATCH = 256;
    static final double DEFAULT_LEARNING_RATE = 1e-3;

    private ImageMethodFit() {}

    static FitResult run(String method, Trainable trainable, Trainer.Objective<ViewBatch> objective, ViewGenerator views,
                         ImageDataset images, FitOptions options) {
        int batchSize = options.batchSizeOr(DEFAULT_BATCH);
        if (images.size() < batchSize) {
            throw InvalidInputException.parameter("batchSize", "must be at most the number of images (" + images.size()
                    + "), got " + batchSize);
        }
        long steps = (long) options.epochs() * (images.size() / batchSize);
        double learningRate = options.learningRateOr(DEFAULT_LEARNING_RATE);
        TrainerConfig config = TrainerConfig.defaults(steps).learningRate(learningRate).warmupSteps(Math.max(1, steps / 20))
                .checkpointEvery(options.checkpointEvery()).progressBar(false);
        ObjectNode meta = new ObjectMapper().createObjectNode().put("method", method).put("images", images.size())
                .put("batch_size", batchSize).put("epochs", options.epochs()).put("seed", options.seed())
                .put("learning_rate", learningRate);
        Trainer<ViewBatch> trainer = new Trainer<>(trainable, config, options.checkpointDir(), meta);
        try {
            long start = options.checkpointDir() == null ? 0
                    : trainer.startOrResume(trainer.checkpoints().latest() != null, new PrintWriter(Writer.nullWriter()));
            Trainer.Stats stats;
            int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
            try (ViewBatches batches = new ViewBatches(images, views, batchSize, options.seed(), start, workers);
                 MetricsLog metrics = options.metricsFile() == null ? null : new MetricsLog(options.metricsFile(), start)) {
                stats = trainer.run(batches::next, objective, start, metrics, options.progress() == null ? null
                        : (step, loss) -> options.progress().step(step, steps, loss));
            }
            return new FitResult(steps, stats.seconds(), stats.examplesPerSecond(), stats.lastLoss(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Images as {c*h*w} floats in [0, 1] for {@code encoder}, as the byte images the view pipeline reads. */
    static ImageDataset dataset(ImageEncoder encoder, float[][] images) {
        int[] shape = encoder.inputShape();
        int size = shape[0] * shape[1] * shape[2];
        byte[][] pixels = new byte[images.length][];
        for (int i = 0; i < images.length; i++) {
            float[] image = images[i];
            encoder.checkImage(i, image);
            pixels[i] = new byte[size];
            for (int k = 0; k < size; k++) {
                float v = image[k];
                if (!(v >= 0 && v <= 1)) {
                    throw new InvalidInputException("image " + i + ", value " + k + " is " + v + "; pixels are floats in [0, 1]");
                }
                pixels[i][k] = (byte) Math.round(v * 255);
            }
        }
        return new ImageDataset(pixels, new int[images.length], shape[0], shape[1], shape[2], java.util.List.of("image"));
    }

    /** Refuses images of another shape than the encoder's. */
    static void checkShape(ImageEncoder encoder, ImageDataset images) {
        int[] shape = encoder.inputShape();
        if (images.channels() != shape[0] || images.height() != shape[1] || images.width() != shape[2]) {
            throw new InvalidInputException("the images are " + images.channels() + "x" + images.height() + "x" + images.width()
                    + "; the encoder reads " + shape[0] + "x" + shape[1] + "x" + shape[2]);
        }
    }
}
