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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipLossTest extends NdTest {

    /** Seed 000's worked example: identity logits at tau 1. */
    @Test
    void workedExampleOfSeed000UsesTheMeanOfBothDirections() {
        NDArray image = nd(new double[][] {{1, 0}, {0, 1}});
        NDArray text = nd(new double[][] {{1, 0}, {0, 1}});
        ClipLoss loss = new ClipLoss(manager);
        double perDirection = -Math.log(Math.E / (Math.E + 1));
        assertEquals(0.7310586, Math.E / (Math.E + 1), 1e-7);
        assertEquals(0.3132617, perDirection, 1e-7);

        assertEquals(0.3132617, value(loss.forward(image, text, 1.0)), 1e-7, "our convention: mean of the two directions");
        NDArray[] directions = loss.directionLosses(image, text, 1.0);
        assertEquals(0.6265234, value(directions[0]) + value(directions[1]), 1e-7, "the article's 'about 0.63' is the sum");
    }

    @Test
    void matchesTheReferenceOnRandomInputs() {
        double[] i = random.gaussian(5 * 3);
        double[] t = random.gaussian(5 * 3);
        double[] expected = Reference.clipDirections(m(i, 5, 3), m(t, 5, 3), 7.5);
        double actual = value(new ClipLoss(manager).forward(nd(i, 5, 3), nd(t, 5, 3), 7.5));
        assertEquals(0.5 * (expected[0] + expected[1]), actual, 1e-12);
    }

    @Test
    void learnableScaleStartsAtOneOverPointZeroSevenAndIsClampedAt100() {
        ClipLoss loss = new ClipLoss(manager);
        assertEquals(1 / 0.07, loss.scale(), 1e-4);
        ClipLoss large = new ClipLoss(manager, Math.log(1000), DataType.FLOAT64, Reduction.MEAN);
        assertEquals(100, large.scale(), 1e-9);
    }

    @Test
    void scale100DoesNotOverflowInFloat32() {
        NDArray image = manager.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
        NDArray text = manager.create(new float[] {-1, 0, 0, -1, 1, -1}, new Shape(3, 2));
        double loss = value(new ClipLoss(manager).forward(image, text, 100.0));
        assertTrue(Double.isFinite(loss));
        double[] expected = Reference.clipDirections(
                new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[][] {{-1, 0}, {0, -1}, {1, -1}}, 100);
        assertEquals(0.5 * (expected[0] + expected[1]), loss, 1e-3);
    }

    @Test
    void gradientsOfImageTextAndLearnableTemperatureMatchFiniteDifferences() {
        List<double[]> inputs = List.of(random.gaussian(4 * 3), random.gaussian(4 * 3), new double[] {Math.log(3.0)});
        List<Shape> shapes = List.of(new Shape(4, 3), new Shape(4, 3), new Shape());
        double[] errors = GradientCheck.relativeErrors(manager, inputs, shapes,
                x -> new ClipLoss(x.get(2), Reduction.MEAN).forward(x.get(0), x.get(1)));
        for (double e : errors) {
            assertTrue(e < 1e-6, "relative error " + e);
        }
    }

    @Test
    void temperatureGetsNoGradientAboveTheClamp() {
        List<double[]> inputs = List.of(random.gaussian(4 * 3), random.gaussian(4 * 3), new double[] {Math.log(200.0)});
        List<Shape> shapes = List.of(new Shape(4, 3), new Shape(4, 3), new Shape());
        double[] grad = GradientCheck.analytic(manager, inputs, shapes,
                x -> new ClipLoss(x.get(2), Reduction.MEAN).forward(x.get(0), x.get(1))).get(2);
        assertEquals(0, grad[0], 0);
    }

    @Test
    void batchOfOneIsRejected() {
        NDArray one = nd(new double[] {1, 2}, 1, 2);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new ClipLoss(manager).forward(one, one, 1.0));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void mismatchedShapesNameBoth() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new ClipLoss(manager).forward(nd(random.gaussian(6), 3, 2), nd(random.gaussian(6), 2, 3), 1.0));
        assertTrue(e.getMessage().contains("'image' [3][2]") && e.getMessage().contains("'text' [2][3]"), e.getMessage());
    }
}
