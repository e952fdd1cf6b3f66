package org.contrastive4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.testing.GradientCheck;
import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.contrastive4j.testing.Assertions2.gradientsMatch;
import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatryoshkaLossTest extends NdTest {

    @Test
    void isTheWeightedSumOfTheInnerLossOnEachPrefix() {
        double[] q = random.gaussian(5 * 8);
        double[] p = random.gaussian(5 * 8);
        double[] n = random.gaussian(3 * 8);
        MultipleNegativesRankingLoss mnrl = new MultipleNegativesRankingLoss(20);
        MatryoshkaLoss loss = new MatryoshkaLoss(mnrl, new int[] {8, 4, 2}, new double[] {1, 0.5, 2});
        double expected = 0;
        double[] w = {1, 0.5, 2};
        int[] dims = {8, 4, 2};
        for (int k = 0; k < 3; k++) {
            expected += w[k] * value(mnrl.forward(nd(prefix(q, 5, 8, dims[k]), 5, dims[k]), nd(prefix(p, 5, 8, dims[k]), 5, dims[k]),
                    nd(prefix(n, 3, 8, dims[k]), 3, dims[k])));
        }
        assertEquals(expected, value(loss.forward(nd(q, 5, 8), nd(p, 5, 8), nd(n, 3, 8))), 1e-12);
        // By hand on one dimension: two orthogonal pairs at scale 1, truncated to the first axis, become (1) vs (0):
        NDArray a = nd(new double[][] {{1, 0}, {0, 1}});
        double full = value(new MultipleNegativesRankingLoss(1).forward(a, a, null));
        assertEquals(Math.log(1 + Math.exp(-1)), full, 1e-12, "each query's positive at cosine 1, the other at 0");
        // At 1 dimension the pairs are (1) and the zero vector: query 0 keeps log(1 + e^-1), query 1 scores cosine 0 with
        // both positives, log 2; the mean of the two is added to the full-dimension term.
        assertEquals(full + (full + Math.log(2)) / 2,
                value(new MatryoshkaLoss(new MultipleNegativesRankingLoss(1), 2, 1).forward(a, a, null)), 1e-12);
    }

    @Test
    void aFloat32BatchGivesAFloat32Loss() {
        NDArray q = nd(random.gaussian(4 * 8), 4, 8).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray p = nd(random.gaussian(4 * 8), 4, 8).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray loss = new MatryoshkaLoss(new MultipleNegativesRankingLoss(), new int[] {8, 4}, new double[] {1, 0.5}).forward(q, p, null);
        assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, loss.getDataType(), "the trainer reads the loss as a float");
        loss.getFloat();
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        gradientsMatch(GradientCheck.relativeErrors(manager, List.of(random.gaussian(4 * 6), random.gaussian(4 * 6)),
                List.of(new Shape(4, 6), new Shape(4, 6)),
                x -> new MatryoshkaLoss(new MultipleNegativesRankingLoss(10), 6, 3, 1).forward(x.get(0), x.get(1), null)));
    }

    @Test
    void badSettingsAreNamed() {
        NDArray a = nd(random.gaussian(2 * 4), 2, 4);
        messageContains(assertThrows(InvalidInputException.class,
                () -> new MatryoshkaLoss(new MultipleNegativesRankingLoss()).forward(a, a, null)), "dimension 384", "embeddings' 4");
        messageContains(assertThrows(InvalidInputException.class, () -> new MatryoshkaLoss(new MultipleNegativesRankingLoss(), 4, 0)),
                "dimensions must be");
        messageContains(assertThrows(InvalidInputException.class,
                () -> new MatryoshkaLoss(new MultipleNegativesRankingLoss(), new int[] {4, 2}, new double[] {1})), "weights must be");
        assertArrayEquals(new int[] {384, 256, 128, 64, 32}, new MatryoshkaLoss(new MultipleNegativesRankingLoss()).dimensions());
    }

    private static double[] prefix(double[] flat, int rows, int cols, int d) {
        double[] out = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out, r * d, d);
        }
        return out;
    }
}
