package org.contrastive4j.loss;

import ai.djl.ndarray.types.Shape;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NPairLossTest extends NdTest {

    @Test
    void handComputed() {
        // q.k+ = 1, q.k- = 0: log(1 + e^-1).
        assertEquals(Math.log(1 + 1 / Math.E), value(new NPairLoss().forward(nd(new double[] {1, 0}, 1, 2),
                nd(new double[] {1, 0}, 1, 2), nd(new double[] {0, 1}, 1, 1, 2))), 1e-12);
    }

    @Test
    void bothFormsMatchTheReferenceAndTheirGradients() {
        double[] a = random.gaussian(4 * 3);
        double[] p = random.gaussian(4 * 3);
        double[] n = random.gaussian(4 * 2 * 3);
        assertEquals(Reference.nPair(m(a, 4, 3), m(p, 4, 3), null), value(new NPairLoss().forward(nd(a, 4, 3), nd(p, 4, 3))), 1e-12);
        assertEquals(Reference.nPair(m(a, 4, 3), m(p, 4, 3), m3(n, 4, 2, 3)),
                value(new NPairLoss().forward(nd(a, 4, 3), nd(p, 4, 3), nd(n, 4, 2, 3))), 1e-12);
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, p, n), List.of(new Shape(4, 3), new Shape(4, 3), new Shape(4, 2, 3)),
                x -> new NPairLoss().forward(x.get(0), x.get(1), x.get(2))));
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, p), List.of(new Shape(4, 3), new Shape(4, 3)),
                x -> new NPairLoss().forward(x.get(0), x.get(1))));
    }
}
