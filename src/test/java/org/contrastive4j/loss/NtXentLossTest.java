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
}
