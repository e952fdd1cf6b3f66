package org.contrastive4j.eval;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.ScoredPair;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.tensor.Vectors;
import smile.math.MathEx;

import java.util.List;

/**
 * Semantic textual similarity: the cosine of each pair's embeddings against its gold score,
 * Spearman's rank correlation (the STS benchmarks' main score) and Pearson's, as
 * sentence-transformers' EmbeddingSimilarityEvaluator reports them (scipy's spearmanr and pearsonr:
 * Spearman is Pearson's correlation of the ranks, tied values sharing their mean rank). Smile's
 * {@code MathEx.spearman} computes exactly that; its {@code CorTest.spearman} overflows an int from
 * about 1,300 pairs on (values above 1, then NaN) and is not used.
 */
public final class StsEvaluation {
    public record Result(int pairs, double spearman, double pearson) {}

    private StsEvaluation() {}

    public static Result evaluate(TextModel model, List<ScoredPair> pairs, int batchSize) {
        if (pairs.size() < 3) {
            throw new InvalidInputException("STS needs at least 3 scored pairs for a correlation, got " + pairs.size());
        }
        float[][] a = model.embedAll(pairs.stream().map(ScoredPair::a).toList(), batchSize, null);
        float[][] b = model.embedAll(pairs.stream().map(ScoredPair::b).toList(), batchSize, null);
        double[] cos = new double[pairs.size()];
        double[] gold = new double[pairs.size()];
        for (int i = 0; i < cos.length; i++) {
            cos[i] = Vectors.cosine(a[i], b[i]);
            gold[i] = pairs.get(i).score();
        }
        return correlations(cos, gold);
    }

    /** Spearman's and Pearson's correlation of {@code predicted} with {@code gold}. */
    public static Result correlations(double[] predicted, double[] gold) {
        return new Result(predicted.length, MathEx.spearman(predicted, gold), MathEx.cor(predicted, gold));
    }
}
