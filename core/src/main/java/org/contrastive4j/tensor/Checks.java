package org.contrastive4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;


/** Shape and value checks on loss inputs, each failing with a message naming the role and the shape. */
public final class Checks {
    private Checks() {}

    /** Requires {@code x} to have {@code rank} dimensions, each at least 1. */
    public static void rank(String role, NDArray x, int rank) {
        if (x == null) {
            throw new InvalidInputException("missing input '" + role + "'");
        }
        Shape s = x.getShape();
        if (s.dimension() != rank) {
            throw new InvalidInputException("input '" + role + "' must have " + rank + " dimensions "
                    + expected(rank) + ", got shape " + describe(s));
        }
        for (long n : s.getShape()) {
            if (n == 0) {
                throw new InvalidInputException("input '" + role + "' is empty: shape " + describe(s));
            }
        }
    }

    /** Requires both inputs to have exactly the same shape. */
    public static void sameShape(String roleA, NDArray a, String roleB, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new InvalidInputException("inputs '" + roleA + "' " + describe(a.getShape()) + " and '"
                    + roleB + "' " + describe(b.getShape()) + " must have the same shape");
        }
    }

    /** Requires dimension {@code axisA} of a to equal dimension {@code axisB} of b. */
    public static void sameDim(String roleA, NDArray a, int axisA, String roleB, NDArray b, int axisB, String what) {
        if (a.getShape().get(axisA) != b.getShape().get(axisB)) {
            throw new InvalidInputException("inputs '" + roleA + "' " + describe(a.getShape()) + " and '"
                    + roleB + "' " + describe(b.getShape()) + " disagree on " + what);
        }
    }

    /** Requires at least {@code min} rows: in-batch losses need other rows to use as negatives. */
    public static void batchAtLeast(String role, NDArray x, int min, String lossName) {
        long n = x.getShape().get(0);
        if (n < min) {
            throw new InvalidInputException(lossName + " needs a batch of at least " + min + " in '" + role
                    + "' (in-batch negatives come from the other rows), got " + n);
        }
    }

    public static void labels(String role, int[] labels, long expected) {
        if (labels == null) {
            throw new InvalidInputException("missing input '" + role + "'");
        }
        if (labels.length != expected) {
            throw new InvalidInputException("input '" + role + "' has " + labels.length
                    + " labels but the embeddings have " + expected + " rows");
        }
    }

    /** Requires a positive, finite number. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException("'" + name + "' must be a positive finite number, got " + value);
        }
        return value;
    }

    /** Requires every element to be finite; names the role and the first bad index. */
    public static void finite(String role, NDArray x) {
        if (x == null) {
            return;
        }
        try (NDArray bad = x.isNaN().logicalOr(x.isInfinite()); NDArray any = bad.any()) {
            if (!any.getBoolean()) {
                return;
            }
        }
        double[] values = x.toType(DataType.FLOAT64, false).toDoubleArray();
        long[] shape = x.getShape().getShape();
        for (int flat = 0; flat < values.length; flat++) {
            if (Double.isFinite(values[flat])) {
                continue;
            }
            StringBuilder at = new StringBuilder();
            long rest = flat;
            long[] pos = new long[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                pos[i] = rest % shape[i];
                rest /= shape[i];
            }
            for (long p : pos) {
                at.append('[').append(p).append(']');
            }
            throw new InvalidInputException("input '" + role + "' " + describe(x.getShape()) + " holds "
                    + values[flat] + " at " + at + "; every value must be finite");
        }
    }

    /**
     * Returns {@code loss} when it is finite; otherwise finds the input that made it so and names
     * it. Checking the result (one reduction) instead of every input keeps the good path cheap.
     *
     * @param rolesAndInputs alternating role names and arrays (arrays may be null)
     */
    public static NDArray finiteResult(NDArray loss, String lossName, Object... rolesAndInputs) {
        try (NDArray bad = loss.isNaN().logicalOr(loss.isInfinite()); NDArray any = bad.any()) {
            if (!any.getBoolean()) {
                return loss;
            }
        }
        for (int i = 0; i < rolesAndInputs.length; i += 2) {
            finite((String) rolesAndInputs[i], (NDArray) rolesAndInputs[i + 1]);
        }
        throw new InvalidInputException(lossName + " is not finite although every input is: "
                + "check the temperature and the scale of the inputs");
    }

    /** A shape as the roles are written in messages: {@code [4][3]}. */
    public static String describe(Shape s) {
        StringBuilder b = new StringBuilder();
        for (long n : s.getShape()) {
            b.append('[').append(n).append(']');
        }
        return s.dimension() == 0 ? "[] (a scalar)" : b.toString();
    }

    private static String expected(int rank) {
        switch (rank) {
            case 1: return "[N]";
            case 2: return "[N][d]";
            case 3: return "[N][M][d]";
            default: return "";
        }
    }
}
