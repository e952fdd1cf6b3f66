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

    public static void messageContains(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
