package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InfoNceLossTest extends NdTest {
    private static final int N = 4;
    private static final int M = 3;
    private static final int K = 5;
    private static final int D = 3;

    private final double[] q = random.gaussian(N * D);
    private final double[] p = random.gaussian(N * D);
    private final double[] neg = random.gaussian(N * M * D);
    private final double[] queue = random.gaussian(K * D);

    private InfoNceLoss loss(boolean inBatch) {
        return new InfoNceLoss(new Cosine(), 0.1, inBatch, Reduction.MEAN);
    }

    @Test
    void handComputedOnIdentityPairs() {
        NDArray eye = nd(new double[][] {{1, 0}, {0, 1}});
        double expected = -Math.log(Math.E / (Math.E + 1));
        assertEquals(expected, value(new InfoNceLoss(new Cosine(), 1, true, Reduction.MEAN).forward(eye, eye)), 1e-12);
    }

    @Test
    void everyMixOfNegativesMatchesTheReference() {
        for (boolean inBatch : new boolean[] {true, false}) {
            for (boolean withNegatives : new boolean[] {true, false}) {
                for (boolean withQueue : new boolean[] {true, false}) {
                    if (!inBatch && !withNegatives && !withQueue) {
                        continue;
                    }
                    double expected = Reference.infoNce(m(q, N, D), m(p, N, D), withNegatives ? m3(neg, N, M, D) : null,
                            withQueue ? m(queue, K, D) : null, inBatch, 0.1);
                    double actual = value(loss(inBatch).forward(nd(q, N, D), nd(p, N, D),
                            withNegatives ? nd(neg, N, M, D) : null, withQueue ? nd(queue, K, D) : null));
                    assertEquals(expected, actual, 1e-12, "inBatch=" + inBatch + " negatives=" + withNegatives + " queue=" + withQueue);
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithAllNegativeSources() {
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(q, p, neg),
                List.of(new Shape(N, D), new Shape(N, D), new Shape(N, M, D)),
                x -> loss(true).forward(x.get(0), x.get(1), x.get(2), nd(queue, K, D))));
        double[] queueGradient = GradientCheck.analytic(manager, List.of(q, queue), List.of(new Shape(N, D), new Shape(K, D)),
                x -> loss(false).forward(x.get(0), nd(p, N, D), null, x.get(1))).get(1);
        for (double g : queueGradient) {
            assertEquals(0, g, 0, "a memory queue holds past keys: no gradient");
        }
    }

    @Test
    void badInputsGetClearErrors() {
        messageContains(assertThrows(InvalidInputException.class,
                () -> loss(false).forward(nd(q, N, D), nd(p, N, D), null, null)), "needs negatives");
        messageContains(assertThrows(InvalidInputException.class,
                () -> loss(true).forward(nd(q, N, D), nd(p, N, D), nd(neg, M, N, D), null)), "'negatives' [3][4][3]", "batch size");
        messageContains(assertThrows(InvalidInputException.class,
                () -> loss(true).forward(nd(q, 1, N * D), nd(p, 1, N * D))), "at least 2");
    }
}
