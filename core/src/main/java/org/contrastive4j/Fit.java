package org.contrastive4j;

import org.contrastive4j.loss.PairLoss;

/**
 * Where training starts. A text encoder: {@code Fit.of(model, loss)} gives a {@link TextFit}
 * to set data, evaluation and schedule on, then {@code run()}. An image method takes
 * {@link FitOptions}, which begin with {@code Fit.epochs(n)}.
 *
 * <pre>{@code
 * FitResult r = Fit.of(model, new MultipleNegativesRankingLoss(20))
 *         .data(Pairs.read(Path.of("pairs.jsonl")))
 *         .evaluator(RetrievalEvaluator.heldOut(0.1))
 *         .epochs(1).batchSize(64).seed(42)
 *         .run();
 * SimClr.on(encoder).views(ViewTransform.simclr(28)).fit(images, Fit.epochs(5));
 * }</pre>
 */
public final class Fit {
    /** Told after every step. */
    @FunctionalInterface
    public interface Progress {
        void step(long step, long steps, double loss);
    }

    private Fit() {}

    /** Fine-tunes a text encoder on pairs under {@code loss} (any {@link PairLoss}). */
    public static TextFit of(TextEncoder model, PairLoss loss) {
        return new TextFit(model, loss);
    }

    /** Fine-tunes a text encoder on scored pairs under {@code loss} (CoSENT, AnglE). */
    public static ScoredFit of(TextEncoder model, org.contrastive4j.loss.ScoredPairLoss loss) {
        return new ScoredFit(model, loss);
    }

    /** Options of {@code epochs} epochs, everything else the method's defaults. */
    public static FitOptions epochs(int epochs) {
        return new FitOptions().epochs(epochs);
    }
}
