package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.AugmentConfig;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.ImagePretraining;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** What the image recipes share on the command line: data, encoder, augmentation, schedule, evaluation. */
final class ImageTrainOptions {
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

    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the training images (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", description = "Train for exactly this many steps (overrides --epochs).")
    Long steps;

    @Option(names = "--batch-size", defaultValue = "256", description = "Images per step; 2x as many views (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--tau", description = "Temperature (default: the method's; SimCLR 0.2, MoCo v2 0.2, SupCon 0.1).")
    Double tau;

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

    @Option(names = "--widths", split = ",", defaultValue = "16,32,64", description = "Channels of each ResNet stage (default ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--stem", defaultValue = "16", description = "Channels of the stem (default ${DEFAULT-VALUE}).")
    int stem;

    @Option(names = "--blocks", defaultValue = "1", description = "Residual blocks per stage (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--head-dim", defaultValue = "128", description = "Projection output size (default ${DEFAULT-VALUE}).")
    int headDim;

    @Option(names = "--crop-min-scale", defaultValue = "0.2", description = "Smallest crop area fraction (default ${DEFAULT-VALUE}).")
    double cropMinScale;

    @Option(names = "--flip-p", defaultValue = "0.5")
    double flipP;

    @Option(names = "--jitter", defaultValue = "0.5", description = "Colour jitter strength s (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--jitter-p", defaultValue = "0.8")
    double jitterP;

    @Option(names = "--gray-p", defaultValue = "0.2")
    double grayP;

    @Option(names = "--blur-p", defaultValue = "0")
    double blurP;

    @Option(names = "--rotation", defaultValue = "15", description = "Max rotation in degrees when applied.")
    double rotation;

    @Option(names = "--rotation-p", defaultValue = "0")
    double rotationP;

    @Option(names = "--cutout", defaultValue = "0.25", description = "Cutout side as a fraction of the image.")
    double cutout;

    @Option(names = "--cutout-p", defaultValue = "0")
    double cutoutP;

    @Option(names = "--sobel-p", defaultValue = "0")
    double sobelP;

    @Option(names = "--workers", defaultValue = "2", description = "Augmentation threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "500")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "10")
    int logEvery;

    @Option(names = "--eval-every", defaultValue = "250", description = "Steps between kNN points of the curve (0: off).")
    int evalEvery;

    @Option(names = "--test-limit", description = "Evaluate on the first N test images (default: all).")
    Integer testLimit;

    @Option(names = "--probe-epochs", defaultValue = "30", description = "Linear-probe epochs (default ${DEFAULT-VALUE}).")
    int probeEpochs;

    @Option(names = "--no-progress", description = "No progress bar (metrics still go to metrics.jsonl).")
    boolean noProgress;

    ImageDataset[] datasets(PrintWriter log) {
        ImageDataset train;
        ImageDataset test;
        if (images != null) {
            ImageFolder.Loaded loaded = ImageFolder.read(images, imageSize, channels);
            if (!loaded.skipped().isEmpty()) {
                log.printf("warning: %d file(s) in %s could not be read and were skipped, first: %s%n",
                        loaded.skipped().size(), images, loaded.skipped().get(0));
            }
            ImageDataset[] split = ImageFolder.split(loaded.dataset(), 0.2, seed);
            train = split[0];
            test = split[1];
        } else {
            train = FashionMnist.train(data);
            test = FashionMnist.test(data);
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

    double tau(double methodDefault) {
        return tau != null ? tau : methodDefault;
    }

    AugmentConfig augment(int size) {
        return new AugmentConfig(size, cropMinScale, flipP, jitter, jitterP, grayP, blurP, rotation, rotationP, cutout, cutoutP, sobelP);
    }

    SmallResNet.Config encoder(int channels) {
        return new SmallResNet.Config(channels, stem, widths, blocks);
    }

    TrainerConfig trainer(ImageDataset train) {
        if (batchSize < 2) {
            throw new InvalidInputException("--batch-size must be at least 2: in-batch losses need other images as negatives");
        }
        long stepsPerEpoch = train.size() / batchSize;
        long total = steps != null ? steps : epochs * stepsPerEpoch;
        if (total < 1) {
            throw new InvalidInputException("nothing to train: " + total + " steps (check --epochs/--steps and --batch-size)");
        }
        return new TrainerConfig(total, lr, warmup != null ? warmup : Math.max(1, total / 20), optimizer,
                weightDecay, 0.9, clipNorm, logEvery, checkpointEvery, !noProgress);
    }

    ImagePretraining.RunConfig run(String method, ImageDataset train, ImageDataset test) {
        return new ImagePretraining.RunConfig(out(method), batchSize, seed, workers, resume, evalEvery,
                Math.min(10000, train.size()), Math.min(2000, test.size()), testLimit != null ? testLimit : test.size(),
                1000, 2000, probeEpochs);
    }

    /** The settings every image run records (checkpoints compare them on --resume). */
    ObjectNode meta(String method, ImageDataset train, TrainerConfig trainer, SmallResNet.Config encoder, AugmentConfig augment) {
        ObjectNode meta = new ObjectMapper().createObjectNode();
        meta.put("method", method).put("data", images != null ? images.toString() : data.toString())
                .put("train_images", train.size()).put("steps", trainer.steps()).put("batch_size", batchSize)
                .put("lr", lr).put("optimizer", optimizer.name().toLowerCase()).put("weight_decay", weightDecay)
                .put("warmup", trainer.warmupSteps()).put("clip_norm", clipNorm).put("seed", seed)
                .put("encoder", encoder.toString()).put("augment", augment.toString());
        return meta;
    }
}
