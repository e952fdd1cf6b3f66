package org.contrastive4j.loss;

import ai.djl.ndarray.types.Shape;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NceLossTest extends NdTest {

    @Test
    void handComputedNegativeSampling() {
        // -log sigmoid(1) - log(1 - sigmoid(0)) = log(1 + e^-1) + log 2.
        double loss = value(new NceLoss().forward(nd(new double[] {1, 0}, 1, 2), nd(new double[] {1, 0}, 1, 2),
                nd(new double[] {0, 1}, 1, 1, 2)));
        assertEquals(Math.log(1 + 1 / Math.E) + Math.log(2), loss, 1e-12);
    }

    @Test
    void noiseCorrectionMatchesTheReference() {
        double[] q = random.gaussian(3 * 4);
        double[] p = random.gaussian(3 * 4);
        double[] n = random.gaussian(3 * 5 * 4);
        double[] lp = {Math.log(0.1), Math.log(0.01), Math.log(0.3)};
        double[] ln = new double[15];
        for (int i = 0; i < 15; i++) {
            ln[i] = Math.log(0.02 * (i + 1));
        }
        assertEquals(Reference.nce(m(q, 3, 4), m(p, 3, 4), m3(n, 3, 5, 4), null, null),
                value(new NceLoss().forward(nd(q, 3, 4), nd(p, 3, 4), nd(n, 3, 5, 4))), 1e-12);
        assertEquals(Reference.nce(m(q, 3, 4), m(p, 3, 4), m3(n, 3, 5, 4), lp, m(ln, 3, 5)),
                value(new NceLoss().forward(nd(q, 3, 4), nd(p, 3, 4), nd(n, 3, 5, 4), nd(lp, 3), nd(ln, 3, 5))), 1e-12);
    }

    @Test
    void exactForLargeLogitsWherePyTorchSoftplusSwitchesToIdentity() {
        // logit+ = -25: -log sigmoid(-25) = 25 + log(1 + e^-25).
        double loss = value(new NceLoss().forward(nd(new double[] {5, 0}, 1, 2), nd(new double[] {-5, 0}, 1, 2),
                nd(new double[] {0, 0}, 1, 1, 2)));
        assertEquals(25 + Math.log1p(Math.exp(-25)) + Math.log(2), loss, 1e-13);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        double[] lp = {-2, -3, -1};
        double[] ln = random.gaussian(6);
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(random.gaussian(9), random.gaussian(9), random.gaussian(18), lp, ln),
                List.of(new Shape(3, 3), new Shape(3, 3), new Shape(3, 2, 3), new Shape(3), new Shape(3, 2)),
                x -> new NceLoss().forward(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4))));
    }
}
