package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.loss.InfoNceLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.contrastive4j.testing.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimilarityTest extends NdTest {
    private final double[] a = random.gaussian(4 * 3);
    private final double[] b = random.gaussian(5 * 3);

    private void check(Similarity s, BiFunction<double[], double[], Double> reference) {
        double[][] ra = m(a, 4, 3);
        double[][] rb = m(b, 5, 3);
        double[] matrix = s.matrix(nd(a, 4, 3), nd(b, 5, 3)).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(reference.apply(ra[i], rb[j]), matrix[i * 5 + j], 1e-12, s.name() + " matrix");
            }
        }
        double[] paired = s.score(nd(a, 4, 3), nd(java.util.Arrays.copyOf(b, 12), 4, 3)).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(reference.apply(ra[i], rb[i]), paired[i], 1e-12, s.name() + " score");
        }
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, b), List.of(new Shape(4, 3), new Shape(5, 3)),
                x -> s.matrix(x.get(0), x.get(1)).sum()));
    }

    @Test
    void eachScoreMatchesItsDefinitionAndItsGradient() {
        check(new Cosine(), Reference::cos);
        check(new DotProduct(), Reference::dot);
        check(new NegativeL2(), (x, y) -> -Reference.l2(x, y));
        check(new NegativeSquaredL2(), (x, y) -> -Reference.sql2(x, y));
        check(new NegativeL1(), (x, y) -> {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += Math.abs(x[i] - y[i]);
            }
            return -s;
        });
    }

    @Test
    void bilinearStartsAsTheDotProductAndLearnsA() {
        Bilinear identity = Bilinear.identity(manager, 3, DataType.FLOAT64);
        assertArrayEquals(new DotProduct().matrix(nd(a, 4, 3), nd(b, 5, 3)).toDoubleArray(),
                identity.matrix(nd(a, 4, 3), nd(b, 5, 3)).toDoubleArray(), 1e-12);
        double[] weight = random.gaussian(9);
        NDArray s = new Bilinear(nd(weight, 3, 3)).matrix(nd(a, 4, 3), nd(b, 5, 3));
        double[][] w = m(weight, 3, 3);
        double[][] ra = m(a, 4, 3);
        double[][] rb = m(b, 5, 3);
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < 3; l++) {
                expected += ra[1][k] * w[k][l] * rb[2][l];
            }
        }
        assertEquals(expected, s.toDoubleArray()[1 * 5 + 2], 1e-12);

        // Gradients w.r.t. the embeddings and A, through a loss that uses the score.
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(a, java.util.Arrays.copyOf(b, 12), weight),
                List.of(new Shape(4, 3), new Shape(4, 3), new Shape(3, 3)),
                x -> new InfoNceLoss(new Bilinear(x.get(2)), 0.5, true, Reduction.MEAN).forward(x.get(0), x.get(1))));
    }

    @Test
    void bilinearRejectsAMismatchedMatrix() {
        Bilinear b2 = Bilinear.identity(manager, 2, DataType.FLOAT64);
        assertThrows(InvalidInputException.class, () -> b2.matrix(nd(a, 4, 3), nd(a, 4, 3)));
    }

    @Test
    void zeroVectorHasCosineZeroNotNaN() {
        double[] s = new Cosine().matrix(nd(new double[] {0, 0}, 1, 2), nd(new double[] {1, 0}, 1, 2)).toDoubleArray();
        assertEquals(0, s[0], 0);
    }
}
