package org.contrastive4j.loss;

import ai.djl.ndarray.types.Shape;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MocoLossTest extends NdTest {

    @Test
    void handComputed() {
        double loss = value(new MocoLoss(1, Reduction.MEAN).forward(nd(new double[] {1, 0}, 1, 2), nd(new double[] {2, 0}, 1, 2),
                nd(new double[][] {{0, 1}, {-3, 0}})));
        assertEquals(-Math.log(Math.E / (Math.E + 1 + 1 / Math.E)), loss, 1e-12);
    }

    @Test
    void matchesTheReferenceAndOnlyTheQueryGetsAGradient() {
        double[] q = random.gaussian(4 * 3);
        double[] k = random.gaussian(4 * 3);
        double[] queue = random.gaussian(6 * 3);
        assertEquals(Reference.infoNce(m(q, 4, 3), m(k, 4, 3), null, m(queue, 6, 3), false, 0.2),
                value(new MocoLoss().forward(nd(q, 4, 3), nd(k, 4, 3), nd(queue, 6, 3))), 1e-12);

        List<double[]> inputs = List.of(q, k, queue);
        List<Shape> shapes = List.of(new Shape(4, 3), new Shape(4, 3), new Shape(6, 3));
        double[] errors = GradientCheck.relativeErrors(manager, List.of(q), List.of(new Shape(4, 3)),
                x -> new MocoLoss().forward(x.get(0), nd(k, 4, 3), nd(queue, 6, 3)));
        gradientsMatch(errors);
        List<double[]> grads = GradientCheck.analytic(manager, inputs, shapes, x -> new MocoLoss().forward(x.get(0), x.get(1), x.get(2)));
        for (double g : grads.get(1)) {
            assertEquals(0, g, 0, "the key is produced by the momentum encoder: no gradient");
        }
        for (double g : grads.get(2)) {
            assertEquals(0, g, 0, "the queue holds past keys: no gradient");
        }
    }
}
