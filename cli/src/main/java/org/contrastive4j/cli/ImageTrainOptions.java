package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.ImagePretraining;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Option;

/** What the image recipes add to {@link ImageRunOptions}: temperature, encoder, augmentation, workers, linear probe. */
final class ImageTrainOptions extends ImageRunOptions {
    @Option(names = "--tau", description = "Temperature (default: the method's; SimCLR 0.2, MoCo v2 0.2, SupCon 0.1).")
    Double tau;

    /** The stage widths and crop scale of the methods that do not set their own (SimCLR does: {@link SimClr.Config#defaults}). */
    static final int[] DEFAULT_WIDTHS = {16, 32, 64};
    static final double DEFAULT_CROP_MIN_SCALE = 0.2;

    @Option(names = "--widths", split = ",", description = "Channels of each ResNet stage (default: the method's; "
            + "SimCLR 16,32,64,256, the others 16,32,64).")
    int[] widths;

    @Option(names = "--stem", defaultValue = "16", description = "Channels of the stem (default ${DEFAULT-VALUE}).")
    int stem;

    @Option(names = "--blocks", defaultValue = "1", description = "Residual blocks per stage (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--head-dim", defaultValue = "128", description = "Projection output size (default ${DEFAULT-VALUE}).")
    int headDim;

    @Option(names = "--crop-min-scale", description = "Smallest crop area fraction (default: the method's; SimCLR 0.5, the others 0.2).")
    Double cropMinScale;

    @Option(names = "--flip-p", defaultValue = "0.5", description = "Probability of a horizontal flip (default ${DEFAULT-VALUE}).")
    double flipP;

    @Option(names = "--jitter", defaultValue = "0.5", description = "Colour jitter strength s (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--jitter-p", defaultValue = "0.8", description = "Probability of colour jitter (default ${DEFAULT-VALUE}).")
    double jitterP;

    @Option(names = "--gray-p", defaultValue = "0.2", description = "Probability of grayscale (default ${DEFAULT-VALUE}).")
    double grayP;

    @Option(names = "--blur-p", defaultValue = "0", description = "Probability of Gaussian blur (default ${DEFAULT-VALUE}).")
    double blurP;

    @Option(names = "--rotation", defaultValue = "15", description = "Max rotation in degrees when applied.")
    double rotation;

    @Option(names = "--rotation-p", defaultValue = "0", description = "Probability of a rotation up to --rotation (default ${DEFAULT-VALUE}).")
    double rotationP;

    @Option(names = "--cutout", defaultValue = "0.25", description = "Cutout side as a fraction of the image.")
    double cutout;

    @Option(names = "--cutout-p", defaultValue = "0", description = "Probability of a cutout of side --cutout (default ${DEFAULT-VALUE}).")
    double cutoutP;

    @Option(names = "--sobel-p", defaultValue = "0", description = "Probability of a Sobel edge filter (default ${DEFAULT-VALUE}).")
    double sobelP;

    @Option(names = "--workers", defaultValue = "2", description = "Augmentation threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--probe-epochs", defaultValue = "30", description = "Linear-probe epochs (default ${DEFAULT-VALUE}).")
    int probeEpochs;

    double tau(double methodDefault) {
        return tau != null ? tau : methodDefault;
    }

    ViewTransform augment(int size) {
        return augment(size, DEFAULT_CROP_MIN_SCALE);
    }

    ViewTransform augment(int size, double methodCropMinScale) {
        return ViewTransform.simclr(size).cropMinScale(cropMinScale != null ? cropMinScale : methodCropMinScale).flip(flipP)
                .colorJitter(jitter, jitterP).grayscale(grayP).blur(blurP).rotation(rotation, rotationP).cutout(cutout, cutoutP)
                .sobel(sobelP);
    }

    SmallResNet.Config encoder(int channels) {
        return encoder(channels, DEFAULT_WIDTHS);
    }

    SmallResNet.Config encoder(int channels, int[] methodWidths) {
        return new SmallResNet.Config(channels, stem, widths != null ? widths : methodWidths, blocks);
    }

    ImagePretraining.RunConfig run(String method, ImageDataset train, ImageDataset test) {
        return new ImagePretraining.RunConfig(out(method), batchSize, seed, workers, resume, evalEvery,
                Math.min(10000, train.size()), Math.min(2000, test.size()), testLimit != null ? testLimit : test.size(),
                1000, 2000, probeEpochs);
    }

    /** The settings every image run records (checkpoints compare them on --resume). */
    ObjectNode meta(String method, ImageDataset train, TrainerConfig trainer, SmallResNet.Config encoder, ViewTransform augment) {
        ObjectNode meta = new ObjectMapper().createObjectNode();
        meta.put("method", method).put("data", images != null ? images.toString() : data.toString())
                .put("train_images", train.size()).put("steps", trainer.steps()).put("batch_size", batchSize)
                .put("lr", lr).put("optimizer", optimizer.name().toLowerCase()).put("weight_decay", weightDecay)
                .put("warmup", trainer.warmupSteps()).put("clip_norm", clipNorm).put("seed", seed)
                .put("encoder", encoder.toString()).put("augment", augment.toString());
        return meta;
    }
}
