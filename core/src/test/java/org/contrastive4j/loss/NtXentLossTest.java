package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NtXentLossTest extends NdTest {

    @Test
    void handComputedOnOrthogonalViews() {
        // Views e1, e2, e1, e2: each anchor sees its twin at cosine 1 and two others at 0.
        NDArray z = nd(new double[][] {{1, 0}, {0, 1}});
        assertEquals(Math.log(1 + 2 / Math.E), value(new NtXentLoss(1.0).forward(z, z)), 1e-12);
        // At tau 0.5 the twin's logit is 2.
        assertEquals(Math.log(1 + 2 / Math.exp(2)), value(new NtXentLoss(0.5).forward(z, z)), 1e-12);
    }

    @Test
    void matchesTheReferenceAndTheSelfSimilarityIsExcluded() {
        double[] a = random.gaussian(6 * 4);
        double[] b = random.gaussian(6 * 4);
        double expected = Reference.ntXent(m(a, 6, 4), m(b, 6, 4), 0.3);
        assertEquals(expected, value(new NtXentLoss(0.3).forward(nd(a, 6, 4), nd(b, 6, 4))), 1e-12);
    }

    @Test
    void isInvariantToTheScaleOfTheInputs() {
        double[] a = random.gaussian(4 * 3);
        double[] b = random.gaussian(4 * 3);
        double plain = value(new NtXentLoss().forward(nd(a, 4, 3), nd(b, 4, 3)));
        double scaled = value(new NtXentLoss().forward(nd(a, 4, 3).mul(7), nd(b, 4, 3).mul(0.1)));
        assertEquals(plain, scaled, 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(random.gaussian(12), random.gaussian(12)),
                List.of(new Shape(4, 3), new Shape(4, 3)), x -> new NtXentLoss(0.2).forward(x.get(0), x.get(1))));
    }

    @Test
    void badInputsGetClearErrors() {
        NDArray one = nd(new double[] {1, 2}, 1, 2);
        messageContains(assertThrows(InvalidInputException.class, () -> new NtXentLoss().forward(one, one)),
                "NT-Xent", "at least 2", "got 1");
        NDArray nan = nd(new double[] {1, 2, Double.NaN, 4}, 2, 2);
        NDArray ok = nd(new double[] {1, 2, 3, 4}, 2, 2);
        messageContains(assertThrows(InvalidInputException.class, () -> new NtXentLoss().forward(ok, nan)),
                "'z2'", "NaN", "[1][0]");
        messageContains(assertThrows(InvalidInputException.class,
                () -> new NtXentLoss().forward(ok, nd(random.gaussian(6), 2, 3))), "[2][2]", "[2][3]");
        messageContains(assertThrows(InvalidInputException.class,
                () -> new NtXentLoss().forward(nd(random.gaussian(6), 6), ok)), "'z1'", "2 dimensions");
        messageContains(assertThrows(InvalidInputException.class, () -> new NtXentLoss(0)), "tau");
    }

    @Test
    void maskingFalseNegativesDropsSameClassViewsFromTheDenominator() {
        double[] a = random.gaussian(4 * 3);
        double[] b = random.gaussian(4 * 3);
        NtXentLoss loss = new NtXentLoss(0.5);
        assertEquals(value(loss.forward(nd(a, 4, 3), nd(b, 4, 3))), value(loss.forward(nd(a, 4, 3), nd(b, 4, 3), new int[] {0, 1, 2, 3})), 1e-12,
                "all labels distinct: plain NT-Xent");
        // Hand check with labels {0, 0}: anchor 0 (view 1 of example 0) keeps only its positive (view 2 of example 0);
        // views of example 1 share its class and are masked, so every anchor's loss is -log 1 = 0.
        assertEquals(0.0, value(loss.forward(nd(a, 2, 3).get("0:2"), nd(b, 2, 3).get("0:2"), new int[] {0, 0})), 1e-12);
        double[][] z = new double[8][];
        double[][] m1 = m(a, 4, 3);
        double[][] m2 = m(b, 4, 3);
        for (int i = 0; i < 4; i++) {
            z[i] = m1[i];
            z[4 + i] = m2[i];
        }
        int[] labels = {0, 1, 0, 2};
        double expected = 0;
        for (int i = 0; i < 8; i++) {
            int p = (i + 4) % 8;
            double num = Math.exp(Reference.cos(z[i], z[p]) / 0.5);
            double den = 0;
            for (int k = 0; k < 8; k++) {
                if (k != i && (k == p || labels[k % 4] != labels[i % 4])) {
                    den += Math.exp(Reference.cos(z[i], z[k]) / 0.5);
                }
            }
            expected += -Math.log(num / den);
        }
        assertEquals(expected / 8, value(loss.forward(nd(a, 4, 3), nd(b, 4, 3), labels)), 1e-11);
        org.contrastive4j.testing.Assertions2.gradientsMatch(org.contrastive4j.testing.GradientCheck.relativeErrors(manager,
                java.util.List.of(a, b), java.util.List.of(new ai.djl.ndarray.types.Shape(4, 3), new ai.djl.ndarray.types.Shape(4, 3)),
                x -> loss.forward(x.get(0), x.get(1), labels)));
    }

    @Test
    void asAnEmbeddingLossTwoViewsPerLabelIsTheTwoViewFormToTheBit() {
        NDArray z = nd(random.gaussian(10 * 3), 10, 3);
        NtXentLoss loss = new NtXentLoss(0.3);
        assertEquals(value(loss.forward(z.get("0:5"), z.get("5:"))), value(loss.forward(z, EmbeddingLoss.views(5, 2))), 0.0);
        int[] scattered = {3, 0, 4, 1, 2, 1, 3, 0, 2, 4};
        double[][] rows = m(z.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(), 10, 3);
        assertEquals(pmlNtXent(rows, scattered, 0.3), value(loss.forward(z, scattered)), 1e-12, "pairs in any order");
    }

    @Test
    void asAnEmbeddingLossEachPositivePairIsATermWithTheOtherPositivesOutOfItsDenominator() {
        // Hand check: rows e1, e1, e2 with labels {0, 0, 1} at tau 1. The pairs (0,1) and (1,0) see their twin at
        // cosine 1 and row 2 at 0: -log(e / (e + 1)) each; row 2 has no positive and adds no term.
        NDArray z = nd(new double[][] {{1, 0}, {1, 0}, {0, 1}});
        assertEquals(Math.log(1 + 1 / Math.E), value(new NtXentLoss(1.0).forward(z, new int[] {0, 0, 1})), 1e-12);
        double[] a = random.gaussian(7 * 4);
        int[] labels = {0, 0, 0, 1, 1, 2, 3};
        assertEquals(pmlNtXent(m(a, 7, 4), labels, 0.5), value(new NtXentLoss(0.5).forward(nd(a, 7, 4), labels)), 1e-12);
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a), List.of(new Shape(7, 4)),
                x -> new NtXentLoss(0.5).forward(x.get(0), labels)));
        assertEquals(0.0, value(new NtXentLoss().forward(nd(a, 7, 4), new int[] {0, 1, 2, 3, 4, 5, 6})), 0.0,
                "no positive pair: 0, and still differentiable");
    }

    /** pytorch-metric-learning's NTXentLoss written out: the mean over ordered positive pairs. */
    private static double pmlNtXent(double[][] z, int[] labels, double tau) {
        double sum = 0;
        int terms = 0;
        for (int i = 0; i < z.length; i++) {
            for (int p = 0; p < z.length; p++) {
                if (p == i || labels[p] != labels[i]) {
                    continue;
                }
                double pos = Math.exp(Reference.cos(z[i], z[p]) / tau);
                double den = pos;
                for (int k = 0; k < z.length; k++) {
                    if (labels[k] != labels[i]) {
                        den += Math.exp(Reference.cos(z[i], z[k]) / tau);
                    }
                }
                sum += -Math.log(pos / den);
                terms++;
            }
        }
        return sum / terms;
    }
}
