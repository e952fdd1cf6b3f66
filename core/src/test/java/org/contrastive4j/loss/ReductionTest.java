package org.contrastive4j.loss;

import org.contrastive4j.testing.NdTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReductionTest extends NdTest {
    @Test
    void reducesPerAnchorTerms() {
        double[] terms = {0, 2, 0, 4};
        assertEquals(1.5, value(Reduction.MEAN.apply(nd(terms, 4))), 0);
        assertEquals(6, value(Reduction.SUM.apply(nd(terms, 4))), 0);
        assertEquals(3, value(Reduction.MEAN_NONZERO.apply(nd(terms, 4))), 0);
        assertEquals(0, value(Reduction.MEAN_NONZERO.apply(nd(new double[] {0, 0}, 2))), 0);
        assertArrayEquals(terms, Reduction.NONE.apply(nd(terms, 4)).toDoubleArray(), 0);
        assertEquals(Reduction.MEAN_NONZERO, Reduction.parse("mean-nonzero"));
    }
}
