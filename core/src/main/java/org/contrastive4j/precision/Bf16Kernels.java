package org.contrastive4j.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Matrix products in bfloat16 with float32 in and out. DJL 0.35.1 cannot hold a bfloat16 tensor
 * (its JNI maps no DataType to torch.bfloat16 and calls std::terminate), so each product runs in a
 * small TorchScript module (written by tools/reference/bf16_kernels.py) that converts inside
 * libtorch: no bf16 tensor crosses JNI. With gradient recording on (a training step) autograd
 * records the conversions, so gradients reach float32 weights as float32; without it the module
 * runs under no-grad.
 */
public final class Bf16Kernels {
    private static final Bf16Kernels INSTANCE = new Bf16Kernels();

    private final PtSymbolBlock linear;
    private final PtSymbolBlock feedForward;
    private final PtSymbolBlock matMul;
    private final PtSymbolBlock conv2d;

    private Bf16Kernels() {
        // The modules live as long as the process: a manager of their own that is never closed.
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
        linear = load(manager, "bf16_linear.pt");
        feedForward = load(manager, "bf16_feed_forward.pt");
        matMul = load(manager, "bf16_matmul.pt");
        conv2d = load(manager, "bf16_conv2d.pt");
    }

    public static Bf16Kernels get() {
        return INSTANCE;
    }

    private static PtSymbolBlock load(PtNDManager manager, String resource) {
        try (InputStream in = Bf16Kernels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the class path lacks " + resource);
            }
            return JniUtils.loadModule(manager, in, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code x [..][in]} times {@code w [in][out]} plus {@code b [out]}; the result lands in x's manager. */
    public NDArray linear(NDArray x, NDArray w, NDArray b) {
        return run(linear, x, w, b);
    }

    /**
     * A Transformer feed-forward block, {@code linear2(gelu(linear1(x)))}, its wide hidden states kept
     * in bf16 between the two products (GELU in bf16, as under autocast).
     */
    public NDArray feedForward(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
        return run(feedForward, x, w1, b1, w2, b2);
    }

    /** {@code torch.matmul(a, b)}, batched as matmul broadcasts. */
    public NDArray matMul(NDArray a, NDArray b) {
        return run(matMul, a, b);
    }

    /** NCHW convolution of x by w [out][in/groups][kh][kw], no bias; stride, padding, dilation as [h, w]. */
    public NDArray conv2d(NDArray x, NDArray w, Shape stride, Shape padding, Shape dilation, int groups) {
        NDArray geometry = x.getManager().create(new long[] {stride.get(0), stride.get(1), padding.get(0), padding.get(1),
            dilation.get(0), dilation.get(1), groups});
        return run(conv2d, x, w, geometry);
    }

    private static NDArray run(PtSymbolBlock kernel, NDArray... inputs) {
        NDList list = new NDList(inputs.length);
        for (NDArray a : inputs) {
            if (a.getName() == null) {
                list.add(a);
            } else {
                // DJL reads structure from input names (a '.' makes a dict input), and parameters are named
                // "layer.0.weight": hand the module an unnamed view (autograd follows it to the parameter),
                // owned by the first input's manager, the caller's step, not by the parameter's.
                NDArray view = a.reshape(a.getShape());
                view.attach(inputs[0].getManager());
                list.add(view);
            }
        }
        ParameterStore store = new ParameterStore(inputs[0].getManager(), false); // the module has no parameters
        // With its optimiser on, TorchScript's executor profiles and re-specialises the graph for every new
        // input shape; text batches change shape every step, and training became ~20x slower. The
        // kernels need no optimisation: off for this call (the setting is per thread), then back on.
        JniUtils.setGraphExecutorOptimize(false);
        try {
            return kernel.forward(store, list, JniUtils.isGradMode()).singletonOrThrow();
        } finally {
            JniUtils.setGraphExecutorOptimize(true);
        }
    }
}
