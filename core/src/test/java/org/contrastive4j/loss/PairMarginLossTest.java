package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairMarginLossTest extends NdTest {

    private static PairMarginLoss loss(double margin, PairMarginLoss.Variant variant) {
        return new PairMarginLoss(margin, variant, Reduction.MEAN);
    }

    @Test
    void handComputedOnA345Triangle() {
        NDArray x1 = nd(new double[] {0, 0}, 1, 2);
        NDArray x2 = nd(new double[] {3, 4}, 1, 2); // d = 5
        assertEquals(25, value(loss(6, PairMarginLoss.Variant.HADSELL).forward(x1, x2, new boolean[] {true})), 1e-12);
        assertEquals(1, value(loss(6, PairMarginLoss.Variant.HADSELL).forward(x1, x2, new boolean[] {false})), 1e-12);
        assertEquals(0, value(loss(4, PairMarginLoss.Variant.HADSELL).forward(x1, x2, new boolean[] {false})), 1e-12);
        assertEquals(5, value(loss(30, PairMarginLoss.Variant.SQUARED).forward(x1, x2, new boolean[] {false})), 1e-12);
        assertEquals(25, value(loss(30, PairMarginLoss.Variant.SQUARED).forward(x1, x2, new boolean[] {true})), 1e-12);
    }

    @Test
    void matchesTheReferenceAndGradientsMatchForBothVariants() {
        double[] a = random.gaussian(6 * 3);
        double[] b = random.gaussian(6 * 3);
        boolean[] same = {true, false, false, true, false, false};
        for (PairMarginLoss.Variant variant : PairMarginLoss.Variant.values()) {
            double margin = variant == PairMarginLoss.Variant.HADSELL ? 2.5 : 6;
            assertEquals(Reference.pairMargin(m(a, 6, 3), m(b, 6, 3), same, margin, variant == PairMarginLoss.Variant.HADSELL),
                    value(loss(margin, variant).forward(nd(a, 6, 3), nd(b, 6, 3), same)), 1e-12);
            gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, b), List.of(new Shape(6, 3), new Shape(6, 3)),
                    x -> loss(margin, variant).forward(x.get(0), x.get(1), same)));
        }
    }

    @Test
    void identicalVectorsGiveFiniteGradients() {
        double[] a = {1, 2, 3, 4};
        for (boolean same : new boolean[] {true, false}) {
            double[] grad = GradientCheck.analytic(manager, List.of(a, a.clone()), List.of(new Shape(2, 2), new Shape(2, 2)),
                    x -> loss(1, PairMarginLoss.Variant.HADSELL).forward(x.get(0), x.get(1), new boolean[] {same, same})).get(0);
            for (double g : grad) {
                assertTrue(Double.isFinite(g));
            }
        }
    }

    @Test
    void labelledBatchFormUsesEveryPair() {
        double[] z = random.gaussian(4 * 2);
        int[] labels = {0, 1, 0, 1};
        double[][] e = m(z, 4, 2);
        double[][] first = {e[0], e[0], e[0], e[1], e[1], e[2]};
        double[][] second = {e[1], e[2], e[3], e[2], e[3], e[3]};
        boolean[] same = {false, true, false, false, true, false};
        assertEquals(Reference.pairMargin(first, second, same, 1, true),
                value(new PairMarginLoss().forward(nd(z, 4, 2), labels)), 1e-12);
    }
}
