package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** What every command that trains on images shares: data, schedule, checkpoints, evaluation size. */
class ImageRunOptions {
    @Option(names = "--out", description = "Output directory (default runs/METHOD).")
    Path out;

    @Option(names = "--data", description = "Fashion-MNIST directory (default /usr/share/datasets/fashion-mnist).")
    Path data = FashionMnist.DEFAULT_DIR;

    @Option(names = "--images", description = "Train on a folder of class sub-folders instead; 20%% is held out for evaluation.")
    Path images;

    @Option(names = "--image-size", defaultValue = "32", description = "Side images from --images are resized to (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--channels", defaultValue = "3", description = "1 (gray) or 3 (RGB) for --images (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--limit", description = "Use the first N training images.")
    Integer limit;

    /** The epochs of the recipes that do not set their own (SimCLR does: {@link SimClr#DEFAULT_EPOCHS}). */
    static final int DEFAULT_EPOCHS = 5;

    @Option(names = "--epochs", description = "Passes over the training images (default: the method's; SimCLR 4, the others 5).")
    Integer epochs;

    @Option(names = "--steps", description = "Train for exactly this many steps (overrides --epochs).")
    Long steps;

    @Option(names = "--batch-size", defaultValue = "256", description = "Images per step (the view-based methods see 2x as many views; default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adamw", description = "adamw or sgd (momentum 0.9) (default ${DEFAULT-VALUE}).")
    TrainerConfig.OptimizerKind optimizer;

    @Option(names = "--weight-decay", defaultValue = "1e-6", description = "Decoupled weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--warmup", description = "Warm-up steps (default: 5%% of the steps).")
    Long warmup;

    @Option(names = "--clip-norm", defaultValue = "0", description = "Clip the global gradient norm (0: off).")
    double clipNorm;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "10", description = "Steps between lines of metrics.jsonl (default ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--eval-every", defaultValue = "250", description = "Steps between points of the evaluation curve (kNN, zero-shot or caption accuracy; 0: off).")
    int evalEvery;

    @Option(names = "--test-limit", description = "Evaluate on the first N test images (default: all).")
    Integer testLimit;

    @Option(names = "--no-progress", description = "No progress bar (metrics still go to metrics.jsonl).")
    boolean noProgress;

    ImageDataset[] datasets(PrintWriter log) {
        ImageDataset train;
        ImageDataset test;
        if (images != null) {
            ImageDataset[] split = ImageFolder.split(FolderImages.read(images, imageSize, channels, log), 0.2, seed);
            train = split[0];
            test = split[1];
        } else {
            Path dir = SystemPackage.FASHION_MNIST.ensure(data, log);
            train = FashionMnist.train(dir);
            test = FashionMnist.test(dir);
        }
        if (limit != null) {
            if (limit < 2) {
                throw new InvalidInputException("--limit must be at least 2, got " + limit);
            }
            train = train.limit(limit);
        }
        log.printf("data: %d training and %d test images, %dx%dx%d, classes %s%n", train.size(), test.size(),
                train.channels(), train.height(), train.width(), Arrays.toString(train.classNames().toArray()));
        log.flush();
        return new ImageDataset[] {train, test};
    }

    Path out(String method) {
        return out != null ? out : Path.of("runs", method);
    }

    TrainerConfig trainer(ImageDataset train) {
        return trainer(train, DEFAULT_EPOCHS);
    }

    TrainerConfig trainer(ImageDataset train, int methodEpochs) {
        if (batchSize < 2) {
            throw new InvalidInputException("--batch-size must be at least 2: in-batch losses need other images as negatives");
        }
        long stepsPerEpoch = train.size() / batchSize;
        long total = steps != null ? steps : (long) (epochs != null ? epochs : methodEpochs) * stepsPerEpoch;
        if (total < 1) {
            throw new InvalidInputException("nothing to train: " + total + " steps (check --epochs/--steps and --batch-size)");
        }
        return TrainerConfig.defaults(total).learningRate(lr).warmupSteps(warmup != null ? warmup : Math.max(1, total / 20))
                .optimizer(optimizer).weightDecay(weightDecay).clipNorm(clipNorm).logEvery(logEvery)
                .checkpointEvery(checkpointEvery).progressBar(!noProgress);
    }
}
