package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.contrastive4j.Learnable;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;
import org.contrastive4j.tensor.Index;
import org.contrastive4j.tensor.Scoped;

/**
 * The symmetric loss of CLIP (Radford et al. 2021, "Learning Transferable Visual Models From
 * Natural Language Supervision"):
 *
 * <pre>  logits = exp(t) * norm(I) norm(T)^T,   L = 0.5 * CE(logits, diag) + 0.5 * CE(logits^T, diag)</pre>
 *
 * with a learnable log-scale t, initialised at log(1/0.07), whose scale exp(t) is clamped at
 * 100 as in the paper. The two directions are averaged (the paper's pseudo-code). Seed 000's
 * worked example (identity logits, scale 1) gives 0.3132617 under this convention; the
 * article's "about 0.63" is the sum of the two directions, 0.6265234, which
 * {@link #directionLosses} exposes for users who want it.
 */
public final class ClipLoss implements Learnable {
    public static final double INITIAL_LOG_SCALE = Math.log(1 / 0.07);
    public static final double MAX_SCALE = 100;

    private final NDArray logScale;
    private final Reduction reduction;

    /** A fresh learnable t = log(1/0.07) in float32, held by {@code manager}. */
    public ClipLoss(NDManager manager) {
        this(manager, INITIAL_LOG_SCALE, DataType.FLOAT32, Reduction.MEAN);
    }

    public ClipLoss(NDManager manager, double initialLogScale, DataType type, Reduction reduction) {
        this(manager.create(initialLogScale).toType(type, false), reduction);
    }

    /** Wraps an existing log-scale t (a scalar), as restored from a checkpoint; it is trained in place. */
    public ClipLoss(NDArray logScale, Reduction reduction) {
        this.logScale = logScale;
        this.logScale.setRequiresGradient(true);
        this.reduction = reduction;
    }

    /** The learnable t (a scalar); {@code exp(t)} is the logit scale, 1 / temperature. */
    public NDArray logScale() {
        return logScale;
    }

    /** The scale in use, {@code min(exp(t), 100)}, as a number (for logs). */
    public double scale() {
        // Read in place: a converted copy would live in the parameters' manager for good.
        double t = logScale.getDataType() == DataType.FLOAT64 ? logScale.getDouble() : logScale.toFloatArray()[0];
        return Math.min(Math.exp(t), MAX_SCALE);
    }

    @Override
    public NDList parameters() {
        return new NDList(logScale);
    }

    /** The loss with the learnable scale; {@code image} and {@code text} are [N][d], matched by row. */
    public NDArray forward(NDArray image, NDArray text) {
        return forward(image, text, Scoped.ownedLike(logScale.exp(), image).minimum(MAX_SCALE));
    }

    /** The loss at a fixed scale (1 / temperature), which is not learned. */
    public NDArray forward(NDArray image, NDArray text, double scale) {
        return forward(image, text, constant(image, scale));
    }

    /** The loss at the scale held in a scalar array (differentiable if it carries a gradient). */
    public NDArray forward(NDArray image, NDArray text, NDArray scale) {
        NDArray[] directions = perAnchorDirections(image, text, scale);
        NDArray perAnchor = directions[0].add(directions[1]).mul(0.5);
        return Checks.finiteResult(reduction.apply(perAnchor), "CLIP loss", "image", image, "text", text);
    }

    /**
     * The mean cross-entropy of each direction, {image->text, text->image}, as two scalars:
     * their mean is this loss; their sum is the convention seed 000 prints.
     */
    public NDArray[] directionLosses(NDArray image, NDArray text, double scale) {
        NDArray[] d = perAnchorDirections(image, text, constant(image, scale));
        return new NDArray[] {d[0].mean(), d[1].mean()};
    }

    private static NDArray constant(NDArray like, double scale) {
        Checks.positive("scale", scale);
        return like.getManager().create(scale).toType(like.getDataType(), false);
    }

    private NDArray[] perAnchorDirections(NDArray image, NDArray text, NDArray scale) {
        Checks.rank("image", image, 2);
        Checks.rank("text", text, 2);
        Checks.sameShape("image", image, "text", text);
        Checks.batchAtLeast("image", image, 2, "CLIP loss");
        int n = Math.toIntExact(image.getShape().get(0));
        NDArray similarity = new Cosine().matrix(image, text);
        NDArray logits = similarity.mul(scale);
        int[] diagonal = Index.diagonal(n);
        return new NDArray[] {
            CrossEntropy.perRow(logits, diagonal), CrossEntropy.perRow(logits.transpose(), diagonal)
        };
    }
}
