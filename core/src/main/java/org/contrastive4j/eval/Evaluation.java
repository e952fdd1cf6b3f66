package org.contrastive4j.eval;

import org.contrastive4j.augment.Image;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.Seeds;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Evaluates a representation on a labelled train/test pair: weighted kNN and linear-probe
 * accuracy on the test set, alignment over two augmented views of test images, uniformity over
 * test images. The same protocol serves raw pixels, the encoder at initialisation and the
 * trained encoder, so the three rows of a report compare like with like.
 */
public final class Evaluation {

    /** One row of the results table. */
    public record Result(String name, double knn, double linear, double alignment, double uniformity) {}

    private final float[][] trainImages;
    private final int[] trainLabels;
    private final float[][] testImages;
    private final int[] testLabels;
    private final float[][] viewA;
    private final float[][] viewB;
    private final int classes;
    private final KnnClassifier knn;
    private final LinearProbe probe;

    /**
     * @param alignmentSamples test images whose two views measure alignment (and whose clean
     *     features measure uniformity)
     */
    public Evaluation(ImageDataset train, ImageDataset test, int trainLimit, int testLimit, ViewGenerator views,
                      int alignmentSamples, KnnClassifier knn, LinearProbe probe, long seed) {
        this.trainImages = Embeddings.images(train, trainLimit);
        this.trainLabels = java.util.Arrays.copyOf(train.labels(), trainImages.length);
        this.testImages = Embeddings.images(test, testLimit);
        this.testLabels = java.util.Arrays.copyOf(test.labels(), testImages.length);
        this.classes = train.classNames().size();
        this.knn = knn;
        this.probe = probe;
        int m = Math.min(alignmentSamples, testImages.length);
        this.viewA = new float[m][];
        this.viewB = new float[m][];
        SplittableRandom random = Seeds.forPurpose(seed, "alignment-views");
        for (int i = 0; i < m; i++) {
            Image[] v = views.views(new Image(testImages[i], test.channels(), test.height(), test.width()), random.split());
            viewA[i] = v[0].data();
            viewB[i] = v[1].data();
        }
    }

    public int[] testLabels() {
        return testLabels;
    }

    /** The features of every image the protocol looks at, computed once per representation. */
    public record Features(float[][] train, float[][] test, float[][] viewA, float[][] viewB) {}

    public Features features(UnaryOperator<float[][]> featurize) {
        return new Features(featurize.apply(trainImages), featurize.apply(testImages), featurize.apply(viewA),
                featurize.apply(viewB));
    }

    /** Runs the whole protocol on the features {@code featurize} gives for a batch of images. */
    public Result evaluate(String name, UnaryOperator<float[][]> featurize, boolean withLinearProbe) {
        return evaluate(name, features(featurize), withLinearProbe);
    }

    /** Runs the whole protocol on features already computed. */
    public Result evaluate(String name, Features f, boolean withLinearProbe) {
        double knnAccuracy = knn.accuracy(f.train(), trainLabels, f.test(), testLabels, classes);
        double linear = withLinearProbe ? probe.accuracy(f.train(), trainLabels, f.test(), testLabels, classes) : Double.NaN;
        double alignment = AlignmentUniformity.alignment(f.viewA(), f.viewB());
        double uniformity = AlignmentUniformity.uniformity(java.util.Arrays.copyOf(f.test(), viewA.length));
        return new Result(name, knnAccuracy, linear, alignment, uniformity);
    }

    /** kNN accuracy only, for the curves drawn during training. */
    public double knnAccuracy(UnaryOperator<float[][]> featurize) {
        return knn.accuracy(featurize.apply(trainImages), trainLabels, featurize.apply(testImages), testLabels, classes);
    }
}
