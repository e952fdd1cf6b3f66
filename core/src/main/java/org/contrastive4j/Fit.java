package org.contrastive4j;

import org.contrastive4j.loss.PairLoss;

/**
 * Where training starts: {@code Fit.of(model, loss)} gives a {@link TextFit} to set data,
 * evaluation and schedule on, then {@code run()}.
 *
 * <pre>{@code
 * FitResult r = Fit.of(model, new MultipleNegativesRankingLoss(20))
 *         .data(Pairs.read(Path.of("pairs.jsonl")))
 *         .evaluator(RetrievalEvaluator.heldOut(0.1))
 *         .epochs(1).batchSize(64).seed(42)
 *         .run();
 * }</pre>
 */
public final class Fit {
    private Fit() {}

    /** Fine-tunes a text encoder on pairs under {@code loss} (any {@link PairLoss}). */
    public static TextFit of(TextEncoder model, PairLoss loss) {
        return new TextFit(model, loss);
    }
}
