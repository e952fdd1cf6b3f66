package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.similarity.Similarity;
import org.contrastive4j.tensor.Checks;
import org.contrastive4j.tensor.CrossEntropy;

/**
 * CoSENT (Su 2022, "CoSENT: a more efficient sentence vector scheme than Sentence-BERT"), as
 * sentence-transformers' CoSENTLoss: with s_i = scale x sim(u_i, v_i) for pair i, every two pairs
 * whose scores are ordered, y_i &lt; y_j, should have their similarities ordered the same way:
 *
 * <pre>  L = log(1 + sum_{(i, j): y_i &lt; y_j} exp(s_i - s_j))</pre>
 *
 * one value for the batch (no mean over the pairs). Scale 20 by default.
 */
public final class CoSENTLoss implements ScoredPairLoss {
    public static final double DEFAULT_SCALE = 20;

    private final Similarity similarity;
    private final double scale;
    private final String name;

    public CoSENTLoss() {
        this(DEFAULT_SCALE);
    }

    public CoSENTLoss(double scale) {
        this(new Cosine(), scale);
    }

    /** The pair similarity and its scale; {@link AnglELoss} is this with {@code AngleSimilarity}. */
    public CoSENTLoss(Similarity similarity, double scale) {
        this(similarity, scale, "CoSENT");
    }

    CoSENTLoss(Similarity similarity, double scale, String name) {
        this.similarity = similarity;
        this.scale = Checks.positive("scale", scale);
        this.name = name;
    }

    @Override
    public NDArray forward(NDArray first, NDArray second, float[] scores) {
        Checks.rank("first", first, 2);
        Checks.rank("second", second, 2);
        Checks.sameShape("first", first, "second", second);
        int n = Math.toIntExact(first.getShape().get(0));
        if (scores == null || scores.length != n) {
            throw new InvalidInputException(name + ": " + n + " pairs but " + (scores == null ? "no" : scores.length) + " scores");
        }
        boolean[] ordered = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new InvalidInputException(name + ": the score of pair " + i + " is " + scores[i]);
            }
            for (int j = 0; j < n; j++) {
                ordered[i * n + j] = scores[i] < scores[j];
            }
        }
        NDArray s = similarity.score(first, second).mul(scale);
        NDArray differences = s.expandDims(1).sub(s.expandDims(0)); // [i][j] = s_i - s_j
        NDArray kept = CrossEntropy.exclude(differences, first.getManager().create(ordered).reshape(n, n)).reshape(-1);
        NDArray withOne = NDArrays.concat(new NDList(first.getManager().zeros(new ai.djl.ndarray.types.Shape(1), s.getDataType()), kept), 0);
        return Checks.finiteResult(CrossEntropy.logSumExp(withOne, 0), name, "first", first, "second", second);
    }
}
