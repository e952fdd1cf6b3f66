package org.contrastive4j;

import org.contrastive4j.eval.TextEvaluation;

/**
 * What a training run did: its steps, the seconds spent in training steps, examples (pairs or
 * images) per second, the last loss, and, for a {@link TextFit} with an evaluator, the
 * evaluation before and after training ({@code before} is null when the run resumed from a
 * checkpoint, both null without an evaluator).
 */
public record FitResult(long steps, double seconds, double examplesPerSecond, double lastLoss, TextEvaluation.Result before,
                        TextEvaluation.Result after) {}
