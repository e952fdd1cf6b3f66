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

class SupConLossTest extends NdTest {

    @Test
    void handComputedWhenEveryViewSharesOneLabel() {
        // Views e1, e2, e1, e2 all of class 0: anchor e1 has positives at cosine 0, 1, 0, and the
        // same three in its denominator, so L_out = log(e + 2) - 1/3 and L_in = log 3.
        NDArray v = nd(new double[][] {{1, 0}, {0, 1}});
        int[] labels = {0, 0};
        assertEquals(Math.log(Math.E + 2) - 1.0 / 3, value(new SupConLoss(1, SupConLoss.Variant.OUT).forward(v, v, labels)), 1e-12);
        assertEquals(Math.log(3), value(new SupConLoss(1, SupConLoss.Variant.IN).forward(v, v, labels)), 1e-12);
    }

    @Test
    void withDistinctLabelsItIsNtXent() {
        double[] a = random.gaussian(5 * 3);
        double[] b = random.gaussian(5 * 3);
        double ntXent = value(new NtXentLoss(0.2).forward(nd(a, 5, 3), nd(b, 5, 3)));
        for (SupConLoss.Variant variant : SupConLoss.Variant.values()) {
            double supCon = value(new SupConLoss(0.2, variant).forward(nd(a, 5, 3), nd(b, 5, 3), new int[] {0, 1, 2, 3, 4}));
            assertEquals(ntXent, supCon, 1e-12, variant.toString());
        }
    }

    @Test
    void bothVariantsMatchTheReference() {
        double[] a = random.gaussian(6 * 3);
        double[] b = random.gaussian(6 * 3);
        int[] labels = {0, 1, 0, 2, 1, 0};
        double[][] z = new double[12][];
        int[] twice = new int[12];
        for (int i = 0; i < 6; i++) {
            z[i] = m(a, 6, 3)[i];
            z[i + 6] = m(b, 6, 3)[i];
            twice[i] = labels[i];
            twice[i + 6] = labels[i];
        }
        for (SupConLoss.Variant variant : SupConLoss.Variant.values()) {
            double expected = Reference.supCon(z, twice, 0.1, variant == SupConLoss.Variant.OUT);
            assertEquals(expected, value(new SupConLoss(0.1, variant).forward(nd(a, 6, 3), nd(b, 6, 3), labels)), 1e-11);
        }
    }

    @Test
    void anchorsWithoutPositivesAreSkippedNotNaN() {
        double[] z = random.gaussian(5 * 3);
        int[] labels = {0, 0, 1, 2, 2}; // anchor 2 is alone in its class
        for (SupConLoss.Variant variant : SupConLoss.Variant.values()) {
            double loss = value(new SupConLoss(0.1, variant).forward(nd(z, 5, 3), labels));
            assertTrue(Double.isFinite(loss));
            assertEquals(Reference.supCon(m(z, 5, 3), labels, 0.1, variant == SupConLoss.Variant.OUT), loss, 1e-11);
        }
        double none = value(new SupConLoss().forward(nd(z, 5, 3), new int[] {0, 1, 2, 3, 4}));
        assertEquals(0, none, 0);
    }

    @Test
    void gradientsMatchFiniteDifferencesForBothVariants() {
        int[] labels = {0, 1, 0, 1, 2};
        for (SupConLoss.Variant variant : SupConLoss.Variant.values()) {
            gradientsMatch(GradientCheck.relativeErrors(manager, List.of(random.gaussian(15), random.gaussian(15)),
                    List.of(new Shape(5, 3), new Shape(5, 3)),
                    x -> new SupConLoss(0.3, variant).forward(x.get(0), x.get(1), labels)));
        }
        // With a singleton class among single views: the skipped anchor contributes nothing.
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(random.gaussian(15)), List.of(new Shape(5, 3)),
                x -> new SupConLoss(0.3, SupConLoss.Variant.IN).forward(x.get(0), new int[] {0, 0, 1, 2, 2})));
    }
}
