package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.FitOptions;
import org.contrastive4j.FitResult;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.ProjectionHead;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.eval.FalseNegatives;
import org.contrastive4j.loss.EmbeddingLoss;
import org.contrastive4j.loss.NtXentLoss;
import org.contrastive4j.train.Trainer;

import java.util.Arrays;

/**
 * SimCLR (Chen et al. 2020): two augmented views of each image, encoder f, projection head g,
 * NT-Xent on g(f(x)). The representation f(x) is evaluated. Both views go through the network
 * as one batch, so batch normalisation sees all 2N views, the single-device form of SimCLR's
 * global BN.
 */
public final class SimClr implements Trainer.Objective<ViewBatch> {

    /** Epochs of the default recipe: with {@link Config#defaults} about 8 minutes on 2 cores (BENCHMARKS.md). */
    public static final int DEFAULT_EPOCHS = 4;

    /**
     * The recipe: encoder shape, head sizes, temperature, view transform. The defaults were
     * chosen by measurement on Fashion-MNIST (BENCHMARKS.md): temperature 0.2 (it beat the 0.5 of
     * SimCLR's CIFAR recipe at batch 256); four stages 16/32/64/256, one block each (the extra
     * stage lifted kNN, the 256-d representation the linear probe); crops of at least half the
     * image (a 28 px image cropped to a fifth of its area teaches invariances kNN pays for).
     */
    public record Config(SmallResNet.Config encoder, int headHidden, int headOut, double tau, ViewTransform augment) {
        public static final double DEFAULT_TAU = 0.2;
        public static final double DEFAULT_CROP_MIN_SCALE = 0.5;

        public static Config defaults(int channels, int size) {
            SmallResNet.Config encoder = new SmallResNet.Config(channels, 16, new int[] {16, 32, 64, 256}, 1);
            return new Config(encoder, encoder.outputSize(), 128, DEFAULT_TAU,
                    ViewTransform.simclr(size).cropMinScale(DEFAULT_CROP_MIN_SCALE));
        }
    }

    private final ImageModel model;
    private final EmbeddingLoss loss;
    private final ViewGenerator views;
    private final boolean maskFalseNegatives;
    private FalseNegatives.Share falseNegatives;

    public SimClr(ImageModel model, Config config) {
        this(model, config, false);
    }

    /** @param maskFalseNegatives take same-label views out of each anchor's denominator (labelled data only) */
    public SimClr(ImageModel model, Config config, boolean maskFalseNegatives) {
        this(model, config, new NtXentLoss(config.tau()), maskFalseNegatives);
    }

    /** SimCLR's views and network under another loss over the 2N projections, each image's two views one label. */
    public SimClr(ImageModel model, Config config, EmbeddingLoss loss) {
        this(model, config, loss, false);
    }

    private SimClr(ImageModel model, Config config, EmbeddingLoss loss, boolean maskFalseNegatives) {
        this.model = model;
        this.loss = loss;
        this.views = ViewGenerator.twoViews(config.augment().build());
        this.maskFalseNegatives = maskFalseNegatives;
    }

    /**
     * SimCLR on {@code encoder}, trained in place: {@code SimClr.on(encoder).views(ViewTransform.simclr(28)).fit(images, Fit.epochs(5))}.
     * The recipe's defaults apply (temperature 0.2, a 256-128 MLP head, crops of at least half the image).
     */
    public static Fitter on(ImageEncoder encoder) {
        return new Fitter(encoder);
    }

    /** SimCLR's settings for one encoder, then {@link #fit}. The head is made on the first fit and kept for the next. */
    public static final class Fitter {
        private final ImageEncoder encoder;
        private ViewTransform views;
        private double temperature = Config.DEFAULT_TAU;
        private int headSize = 128;
        private EmbeddingLoss loss;
        private ImageModel withHead;

        private Fitter(ImageEncoder encoder) {
            if (encoder == null) {
                throw InvalidInputException.parameter("encoder", "must be given, got null");
            }
            this.encoder = encoder;
            this.views = ViewTransform.simclr(encoder.inputShape()[1]).cropMinScale(Config.DEFAULT_CROP_MIN_SCALE);
        }

        /** How each of the two views is made; its size must be the encoder's input size. */
        public Fitter views(ViewTransform transform) {
            if (transform == null || transform.size() != encoder.inputShape()[1]) {
                throw InvalidInputException.parameter("views", "must make views of the encoder's input size "
                        + encoder.inputShape()[1] + ", got " + (transform == null ? null : transform.size()));
            }
            this.views = transform;
            return this;
        }

        /** NT-Xent's temperature; default 0.2. */
        public Fitter temperature(double tau) {
            if (!(tau > 0) || !Double.isFinite(tau)) {
                throw InvalidInputException.parameter("temperature", "must be > 0, got " + tau);
            }
            this.temperature = tau;
            return this;
        }

        /** Another loss over the projections (each image's two views share a label); default NT-Xent at {@link #temperature}. */
        public Fitter loss(EmbeddingLoss embeddingLoss) {
            this.loss = embeddingLoss;
            return this;
        }

        /** The projection head's output size; default 128 (its hidden width is the representation size). */
        public Fitter headSize(int size) {
            if (size < 1) {
                throw InvalidInputException.parameter("headSize", "must be at least 1, got " + size);
            }
            this.headSize = size;
            return this;
        }

        /** Trains on images given as {c*h*w} floats in [0, 1]. */
        public FitResult fit(float[][] images, FitOptions options) {
            return fit(ImageMethodFit.dataset(encoder, images), options);
        }

        /** Trains on a dataset (labels, when it has them, only feed the false-negative diagnostic). */
        public FitResult fit(ImageDataset images, FitOptions options) {
            ImageMethodFit.checkShape(encoder, images);
            SmallResNet.Config backbone = encoder.config();
            Config config = new Config(backbone, backbone.outputSize(), headSize, temperature, views);
            if (withHead == null) {
                withHead = encoder.model().withHead(ProjectionHead.mlp(backbone.outputSize(), headSize), options.seed());
            }
            SimClr method = new SimClr(withHead, config, loss != null ? loss : new NtXentLoss(temperature));
            FitResult result = ImageMethodFit.run("SimCLR", withHead, method, method.views(), images, options);
            encoder.trainedWith("SimCLR");
            return result;
        }
    }

    public static ImageModel newModel(Config config, int[] inputShape, long seed) {
        return ImageModel.create(config.encoder(), config.headHidden(), config.headOut(), inputShape, seed);
    }

    public ViewGenerator views() {
        return views;
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        int n = batch.size();
        NDArray x1 = images(step, batch, 0);
        NDArray x2 = images(step, batch, 1);
        NDArray z = model.project(NDArrays.concat(new NDList(x1, x2), 0), true);
        if (batch.step() % 10 == 0 && Arrays.stream(batch.labels()).distinct().count() > 1) {
            falseNegatives = FalseNegatives.of(z, batch.labels(), 5);
        }
        return maskFalseNegatives ? ((NtXentLoss) loss).forward(z.get("0:" + n), z.get(n + ":"), batch.labels())
                : loss.forward(z, EmbeddingLoss.views(n, 2));
    }

    /** The share of same-label views among each anchor's 5 hardest in-batch negatives, beside chance. */
    @Override
    public java.util.Map<String, Double> diagnostics() {
        return falseNegatives == null ? java.util.Map.of()
                : java.util.Map.of("false_negatives_top5", falseNegatives.topK(), "false_negatives_chance", falseNegatives.chance());
    }

    static NDArray images(NDManager step, ViewBatch batch, int view) {
        int[] s = batch.shapes()[view];
        return step.create(batch.views()[view], new Shape(batch.size(), s[0], s[1], s[2]));
    }
}
