package org.contrastive4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions shared by the loss tests. */
public final class Assertions2 {
    /** The bar for finite-difference gradient checks in float64. */
    public static final double GRADIENT_TOLERANCE = 1e-6;

    private Assertions2() {}

    public static void gradientsMatch(double[] relativeErrors) {
        for (int i = 0; i < relativeErrors.length; i++) {
            assertTrue(relativeErrors[i] < GRADIENT_TOLERANCE,
                    "input " + i + ": relative gradient error " + relativeErrors[i]);
        }
    }

    /**
     * Two sets of sentence vectors agree: every component within {@code maxDiff} and every pair's
     * cosine at least {@code minCosine}; prints the worst figures, naming {@code what}.
     */
    public static void embeddingsMatch(String what, float[][] expected, float[][] actual, double maxDiff, double minCosine) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + ": how many vectors");
        double worstDiff = 0;
        double worstCos = 1;
        for (int i = 0; i < expected.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(expected[i].length, actual[i].length, what + ": dimension");
            for (int k = 0; k < expected[i].length; k++) {
                worstDiff = Math.max(worstDiff, Math.abs(expected[i][k] - actual[i][k]));
            }
            worstCos = Math.min(worstCos, org.contrastive4j.tensor.Vectors.cosine(expected[i], actual[i]));
        }
        System.err.printf("%s: max |diff| %.2e, min cosine %.7f over %d vectors%n", what, worstDiff, worstCos, expected.length);
        assertTrue(worstDiff <= maxDiff, what + ": max |diff| " + worstDiff);
        assertTrue(worstCos >= minCosine, what + ": min cosine " + worstCos);
    }

    public static void messageContains(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
