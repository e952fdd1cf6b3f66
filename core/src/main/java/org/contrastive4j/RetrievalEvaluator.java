package org.contrastive4j;

import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.TextEvaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Fit} measures a text encoder: retrieval of each held-out pair's positive among all
 * held-out positives by its anchor (Recall@1, Recall@10, MRR@10, nDCG@10), with the alignment and
 * uniformity of the embeddings, before and after training.
 */
public final class RetrievalEvaluator {
    private final double fraction;
    private final List<TextPair> given;

    private RetrievalEvaluator(double fraction, List<TextPair> given) {
        this.fraction = fraction;
        this.given = given;
    }

    /** Holds out {@code fraction} of the training pairs (drawn with the fit's seed) and evaluates on them. */
    public static RetrievalEvaluator heldOut(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidInputException("the held-out fraction must be between 0 and 1 (exclusive), got " + fraction);
        }
        return new RetrievalEvaluator(fraction, null);
    }

    /** Evaluates on these pairs; all the training pairs are trained on. */
    public static RetrievalEvaluator on(List<TextPair> pairs) {
        if (pairs == null || pairs.size() < 2) {
            throw new InvalidInputException("evaluation needs at least 2 pairs, got " + (pairs == null ? 0 : pairs.size()));
        }
        return new RetrievalEvaluator(0, List.copyOf(pairs));
    }

    /** The training pairs and the evaluation pairs that {@code pairs} splits into. */
    record Split(List<TextPair> train, List<TextPair> evaluation) {}

    Split split(List<TextPair> pairs, long seed) {
        if (given != null) {
            return new Split(pairs, given);
        }
        int held = (int) Math.round(pairs.size() * fraction);
        if (held < 2 || pairs.size() - held < 2) {
            throw new InvalidInputException("holding out " + fraction + " of " + pairs.size() + " pairs leaves " + held
                    + " to evaluate on and " + (pairs.size() - held) + " to train on; at least 2 of each are needed");
        }
        int[] order = Permutations.of(pairs.size(), Seeds.forPurpose(seed, "held-out-pairs"));
        List<TextPair> train = new ArrayList<>();
        List<TextPair> evaluation = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < held ? evaluation : train).add(pairs.get(order[i]));
        }
        return new Split(train, evaluation);
    }

    static TextEvaluation.Result evaluate(String name, TextModel model, List<TextPair> pairs) {
        return new TextEvaluation(pairs, List.of(), 64).evaluate(name, model);
    }
}
