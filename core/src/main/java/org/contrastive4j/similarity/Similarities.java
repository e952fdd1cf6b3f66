package org.contrastive4j.similarity;

import org.contrastive4j.InvalidInputException;

/** Looks scoring functions up by their command-line name. */
public final class Similarities {
    private Similarities() {}

    /** {@code cosine}, {@code dot}, {@code l2}, {@code squared_l2}, {@code l1} (bilinear needs a matrix, so it is built directly). */
    public static Similarity byName(String name) {
        switch (name) {
            case "cosine": return new Cosine();
            case "dot": return new DotProduct();
            case "l2": return new NegativeL2();
            case "squared_l2": return new NegativeSquaredL2();
            case "l1": return new NegativeL1();
            default:
                throw new InvalidInputException("unknown similarity '" + name
                        + "': use cosine, dot, l2, squared_l2 or l1");
        }
    }
}
