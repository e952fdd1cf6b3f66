package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DinoLossTest extends NdTest {

    @Test
    void handComputedUniformStudentAndCentreUpdate() {
        // A constant student is uniform over K = 4 outputs: the cross-entropy is log 4 whatever the teacher.
        NDArray student = manager.zeros(new Shape(3, 2, 4), DataType.FLOAT64);
        NDArray teacher = nd(new double[] {1, 2, 3, 4, 0, 0, 0, 0, 4, 3, 2, 1, 2, 2, 2, 2}, 2, 2, 4);
        NDArray center = nd(new double[] {1, 1, 1, 1}, 1, 4);
        DinoLoss.Result r = new DinoLoss().forward(student, teacher, center, 0.04);
        assertEquals(Math.log(4), value(r.loss()), 1e-12);
        // Teacher mean over 4 rows: [7/4, 7/4, 7/4, 7/4]; 0.9 * 1 + 0.1 * 1.75 = 1.075.
        assertArrayEquals(new double[] {1.075, 1.075, 1.075, 1.075}, r.newCenter().toDoubleArray(), 1e-12);
    }

    @Test
    void matchesTheReferenceCodeAndGradients() {
        double[] s = random.gaussian(4 * 3 * 5);
        double[] t = random.gaussian(2 * 3 * 5);
        double[] c = random.gaussian(5);
        double[] expected = Reference.dino(m3(s, 4, 3, 5), m3(t, 2, 3, 5), c, 0.1, 0.05, 0.9);
        DinoLoss.Result r = new DinoLoss().forward(nd(s, 4, 3, 5), nd(t, 2, 3, 5), nd(c, 1, 5), 0.05);
        assertEquals(expected[0], value(r.loss()), 1e-11);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1, 6), r.newCenter().toDoubleArray(), 1e-12);

        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(s), List.of(new Shape(4, 3, 5)),
                x -> new DinoLoss().forward(x.get(0), nd(t, 2, 3, 5), nd(c, 1, 5), 0.05).loss()));
        double[] teacherGrad = GradientCheck.analytic(manager, List.of(s, t), List.of(new Shape(4, 3, 5), new Shape(2, 3, 5)),
                x -> new DinoLoss().forward(x.get(0), x.get(1), nd(c, 1, 5), 0.05).loss()).get(1);
        for (double g : teacherGrad) {
            assertEquals(0, g, 0, "the teacher is an EMA of the student: no gradient");
        }
    }

    @Test
    void badViewCountsAreExplained() {
        messageContains(assertThrows(InvalidInputException.class, () -> new DinoLoss().forward(
                nd(random.gaussian(10), 1, 2, 5), nd(random.gaussian(10), 1, 2, 5), nd(random.gaussian(5), 1, 5), 0.04)),
                "at least 2 student views");
        messageContains(assertThrows(InvalidInputException.class, () -> new DinoLoss().forward(
                nd(random.gaussian(20), 2, 2, 5), nd(random.gaussian(20), 2, 2, 5), nd(random.gaussian(4), 1, 4), 0.04)),
                "'center' [1][4]", "output size K");
    }
}
