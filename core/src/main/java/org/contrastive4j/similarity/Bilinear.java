package org.contrastive4j.similarity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.Learnable;
import org.contrastive4j.tensor.Checks;

/**
 * The bilinear score {@code s(q, k) = q A k} with a learnable d x d matrix A (seed 003; CPC's
 * log-bilinear critic). A starts as the identity, where the score equals the dot product.
 */
public final class Bilinear implements Similarity, Learnable {
    private final NDArray weight;

    /** Wraps an existing [d][d] matrix; it is trained in place when gradients are attached. */
    public Bilinear(NDArray weight) {
        Checks.rank("A", weight, 2);
        if (weight.getShape().get(0) != weight.getShape().get(1)) {
            throw new InvalidInputException("bilinear matrix 'A' must be square, got " + Checks.describe(weight.getShape()));
        }
        this.weight = weight;
        this.weight.setRequiresGradient(true);
    }

    /** A = identity of size d. */
    public static Bilinear identity(NDManager manager, int d, DataType type) {
        return new Bilinear(manager.eye(d).toType(type, false));
    }

    public NDArray weight() {
        return weight;
    }

    @Override
    public NDArray matrix(NDArray a, NDArray b) {
        check(a);
        return a.matMul(weight).matMul(b.transpose());
    }

    @Override
    public NDArray score(NDArray a, NDArray b) {
        check(a);
        return a.matMul(weight).mul(b).sum(new int[] {-1});
    }

    private void check(NDArray a) {
        long d = a.getShape().get(a.getShape().dimension() - 1);
        if (d != weight.getShape().get(0)) {
            throw new InvalidInputException("bilinear matrix 'A' is " + Checks.describe(weight.getShape())
                    + " but the embeddings have d = " + d);
        }
    }

    @Override
    public NDList parameters() {
        return new NDList(weight);
    }

    @Override
    public String name() {
        return "bilinear";
    }
}
