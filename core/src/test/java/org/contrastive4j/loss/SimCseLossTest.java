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

class SimCseLossTest extends NdTest {

    @Test
    void unsupervisedIsInBatchInfoNceOverTheTwoDropoutViews() {
        NDArray eye = nd(new double[][] {{1, 0}, {0, 1}});
        assertEquals(-Math.log(Math.E / (Math.E + 1)), value(new SimCseUnsupervisedLoss(1, Reduction.MEAN).forward(eye, eye)), 1e-12);
        double[] a = random.gaussian(5 * 3);
        double[] b = random.gaussian(5 * 3);
        assertEquals(Reference.infoNce(m(a, 5, 3), m(b, 5, 3), null, null, true, 0.05),
                value(new SimCseUnsupervisedLoss().forward(nd(a, 5, 3), nd(b, 5, 3))), 1e-11);
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, b), List.of(new Shape(5, 3), new Shape(5, 3)),
                x -> new SimCseUnsupervisedLoss(0.5, Reduction.MEAN).forward(x.get(0), x.get(1))));
    }

    @Test
    void supervisedHandComputedWithAndWithoutTheHardNegativeWeight() {
        NDArray eye = nd(new double[][] {{1, 0}, {0, 1}});
        NDArray swapped = nd(new double[][] {{0, 1}, {1, 0}});
        // Row 0 logits: [1, 0 | 0 + w, 1]; row 1 is its mirror image.
        assertEquals(Math.log(2 + 2 / Math.E), value(new SimCseSupervisedLoss(1, 0, Reduction.MEAN).forward(eye, eye, swapped)), 1e-12);
        double w = 0.7;
        assertEquals(Math.log((2 * Math.E + 1 + Math.exp(w)) / Math.E),
                value(new SimCseSupervisedLoss(1, w, Reduction.MEAN).forward(eye, eye, swapped)), 1e-12);
    }

    @Test
    void supervisedMatchesTheReferenceAndGradients() {
        double[] a = random.gaussian(4 * 3);
        double[] b = random.gaussian(4 * 3);
        double[] c = random.gaussian(4 * 3);
        for (double w : new double[] {0, 1.5}) {
            assertEquals(Reference.simCseSupervised(m(a, 4, 3), m(b, 4, 3), m(c, 4, 3), 0.05, w),
                    value(new SimCseSupervisedLoss(0.05, w, Reduction.MEAN).forward(nd(a, 4, 3), nd(b, 4, 3), nd(c, 4, 3))), 1e-11);
            gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, b, c), List.of(new Shape(4, 3), new Shape(4, 3), new Shape(4, 3)),
                    x -> new SimCseSupervisedLoss(0.5, w, Reduction.MEAN).forward(x.get(0), x.get(1), x.get(2))));
        }
    }
}
