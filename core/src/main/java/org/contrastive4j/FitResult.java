package org.contrastive4j;

import org.contrastive4j.eval.TextEvaluation;

/**
 * What a {@link TextFit} run did: its steps, the seconds spent in training steps, pairs per
 * second, the last loss, and, with an evaluator, the evaluation before and after training
 * ({@code before} is null when the run resumed from a checkpoint, {@code after} null without an evaluator).
 */
public record FitResult(long steps, double seconds, double pairsPerSecond, double lastLoss, TextEvaluation.Result before,
                        TextEvaluation.Result after) {}
