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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipleNegativesRankingLossTest extends NdTest {

    @Test
    void handComputed() {
        NDArray eye = nd(new double[][] {{1, 0}, {0, 1}});
        NDArray swapped = nd(new double[][] {{0, 1}, {1, 0}});
        // scale 1, no negatives: each row's logits are [1, 0] -> -log(e / (e + 1)).
        double oneWay = -Math.log(Math.E / (Math.E + 1));
        assertEquals(oneWay, value(new MultipleNegativesRankingLoss(1, false, Reduction.MEAN).forward(eye, eye, null)), 1e-12);
        // With hard negatives: row 0 logits [1, 0 | 0, 1].
        assertEquals(-Math.log(Math.E / (2 * Math.E + 2)),
                value(new MultipleNegativesRankingLoss(1, false, Reduction.MEAN).forward(eye, eye, swapped)), 1e-12);
        // Symmetric: (forward with negatives + reverse without) / 2.
        assertEquals(0.5 * (-Math.log(Math.E / (2 * Math.E + 2)) + oneWay),
                value(new MultipleNegativesRankingLoss(1, true, Reduction.MEAN).forward(eye, eye, swapped)), 1e-12);
    }

    @Test
    void equalsInBatchInfoNceAndSupervisedSimCseAtScaleOneOverTau() {
        double[] q = random.gaussian(6 * 4);
        double[] p = random.gaussian(6 * 4);
        double[] n = random.gaussian(6 * 4);
        assertEquals(Reference.infoNce(m(q, 6, 4), m(p, 6, 4), null, null, true, 0.05),
                value(new MultipleNegativesRankingLoss().forward(nd(q, 6, 4), nd(p, 6, 4), null)), 1e-11);
        assertEquals(Reference.simCseSupervised(m(q, 6, 4), m(p, 6, 4), m(n, 6, 4), 0.05, 0),
                value(new MultipleNegativesRankingLoss().forward(nd(q, 6, 4), nd(p, 6, 4), nd(n, 6, 4))), 1e-11);
        double reverse = Reference.infoNce(m(p, 6, 4), m(q, 6, 4), null, null, true, 0.05);
        assertEquals(0.5 * (Reference.simCseSupervised(m(q, 6, 4), m(p, 6, 4), m(n, 6, 4), 0.05, 0) + reverse),
                value(new MultipleNegativesRankingLoss(20, true, Reduction.MEAN).forward(nd(q, 6, 4), nd(p, 6, 4), nd(n, 6, 4))), 1e-11);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        double[] q = random.gaussian(5 * 3);
        double[] p = random.gaussian(5 * 3);
        double[] n = random.gaussian(5 * 3);
        List<Shape> shapes = List.of(new Shape(5, 3), new Shape(5, 3), new Shape(5, 3));
        for (boolean symmetric : new boolean[] {false, true}) {
            gradientsMatch(GradientCheck.relativeErrors(manager, List.of(q, p, n), shapes,
                    x -> new MultipleNegativesRankingLoss(2, symmetric, Reduction.MEAN).forward(x.get(0), x.get(1), x.get(2))));
        }
    }

    @Test
    void batchOfOneIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MultipleNegativesRankingLoss().forward(nd(new double[][] {{1, 0}}), nd(new double[][] {{1, 0}}), null));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }
}
