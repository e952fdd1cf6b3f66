package org.contrastive4j.tensor;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import ai.djl.ndarray.NDArray;

/**
 * Keeps per-step arrays out of long-lived managers. DJL attaches the result of an operation to
 * the manager of its first operand, so an operation that starts from a parameter or a queue
 * would leave its result in that manager for as long as the model lives.
 */
public final class Scoped {
    private Scoped() {}

    /** A gradient-free view of {@code state} (a memory queue, a centre) owned by {@code step}'s manager. */
    public static NDArray detachedLike(NDArray state, NDArray step) {
        NDArray view = state.stopGradient();
        view.attach(step.getManager());
        return view;
    }

    /** Moves a freshly computed {@code result} (still in the autograd graph) into {@code step}'s manager. */
    public static NDArray ownedLike(NDArray result, NDArray step) {
        result.attach(step.getManager());
        return result;
    }

    /**
     * Runs one layer {@code body} on {@code x} with its intermediate arrays in a manager of their
     * own, closed when the layer returns; the output goes to x's manager. Closing a handle only
     * drops the Java side's reference: the autograd graph keeps the tensors backward needs, and
     * the rest (views, sums, masks a layer makes on the way) is freed now instead of at the end
     * of the step, as PyTorch frees a Python temporary.
     */
    public static NDArray layer(NDArray x, java.util.function.UnaryOperator<NDArray> body) {
        NDManager outer = x.getManager();
        try (NDManager scope = outer.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = body.apply(x);
            if (out == x) {
                return x;
            }
            out.attach(outer);
            return out;
        }
    }

    /**
     * Copies {@code values} into {@code target} in place (same shape). Not {@code set(float[])}:
     * DJL's PyTorch engine points the tensor at a Java buffer kept alive only by that one handle,
     * and a handle that dies first leaves the tensor on freed memory.
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NoGrad noGrad = NoGrad.enter(); NDManager scratch = Devices.newManager()) {
            target.set(new NDIndex("..."), scratch.create(values, target.getShape()).toType(target.getDataType(), false));
        }
    }
}
