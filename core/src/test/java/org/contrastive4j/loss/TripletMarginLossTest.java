package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.mining.AllTripletsMiner;
import org.contrastive4j.mining.BatchHardMiner;
import org.contrastive4j.similarity.NegativeL2;
import org.contrastive4j.similarity.NegativeSquaredL2;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TripletMarginLossTest extends NdTest {

    private static TripletMarginLoss l2(double margin) {
        return new TripletMarginLoss(margin, new NegativeL2(), new AllTripletsMiner(), Reduction.MEAN);
    }

    private static TripletMarginLoss squared(double margin) {
        return new TripletMarginLoss(margin, new NegativeSquaredL2(), new AllTripletsMiner(), Reduction.MEAN);
    }

    @Test
    void handComputed() {
        // d(a,p) = 1, d(a,n) = 2.
        NDArray a = nd(new double[] {0, 0}, 1, 2);
        NDArray p = nd(new double[] {1, 0}, 1, 2);
        NDArray n = nd(new double[] {0, 2}, 1, 2);
        assertEquals(0, value(l2(0.5).forward(a, p, n)), 1e-12);
        assertEquals(1, value(l2(2).forward(a, p, n)), 1e-12);
        assertEquals(1 - 4 + 3.5, value(squared(3.5).forward(a, p, n)), 1e-12);
        assertEquals(0, value(squared(2).forward(a, p, n)), 1e-12);
    }

    @Test
    void matchesTheReferenceForBothDistances() {
        double[] a = random.gaussian(6 * 3);
        double[] p = random.gaussian(6 * 3);
        double[] n = random.gaussian(6 * 3);
        assertEquals(Reference.triplet(m(a, 6, 3), m(p, 6, 3), m(n, 6, 3), 1.0, false),
                value(l2(1.0).forward(nd(a, 6, 3), nd(p, 6, 3), nd(n, 6, 3))), 1e-12);
        assertEquals(Reference.triplet(m(a, 6, 3), m(p, 6, 3), m(n, 6, 3), 1.0, true),
                value(squared(1.0).forward(nd(a, 6, 3), nd(p, 6, 3), nd(n, 6, 3))), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        List<double[]> inputs = List.of(random.gaussian(15), random.gaussian(15), random.gaussian(15));
        List<Shape> shapes = List.of(new Shape(5, 3), new Shape(5, 3), new Shape(5, 3));
        gradientsMatch(GradientCheck.relativeErrors(manager, inputs, shapes, x -> l2(3).forward(x.get(0), x.get(1), x.get(2))));
        gradientsMatch(GradientCheck.relativeErrors(manager, inputs, shapes, x -> squared(6).forward(x.get(0), x.get(1), x.get(2))));
    }

    @Test
    void minedFormTrainsOnTheMinedTriplets() {
        double[] z = random.gaussian(8 * 3);
        int[] labels = {0, 1, 0, 1, 2, 2, 0, 1};
        TripletMarginLoss loss = new TripletMarginLoss(0.5, new NegativeL2(), new BatchHardMiner(), Reduction.MEAN);
        var t = loss.mine(nd(z, 8, 3), labels);
        double[][] e = m(z, 8, 3);
        double[][] a = new double[t.size()][];
        double[][] p = new double[t.size()][];
        double[][] n = new double[t.size()][];
        for (int i = 0; i < t.size(); i++) {
            a[i] = e[t.anchors()[i]];
            p[i] = e[t.positives()[i]];
            n[i] = e[t.negatives()[i]];
        }
        assertEquals(8, t.size());
        assertEquals(Reference.triplet(a, p, n, 0.5, false), value(loss.forward(nd(z, 8, 3), labels)), 1e-12);
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(z), List.of(new Shape(8, 3)), x -> loss.forward(x.get(0), labels)));
    }
}
