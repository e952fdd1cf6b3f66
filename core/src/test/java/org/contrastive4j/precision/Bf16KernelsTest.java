package org.contrastive4j.precision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bf16 kernels against float32 DJL: values within bfloat16's rounding (8-bit mantissa: a
 * relative error of a few 1e-3 on a product), gradients reaching float32 inputs through the
 * conversions, no array left in the parameters' manager.
 */
class Bf16KernelsTest {
    private static final double BF16_PRODUCT = 1e-2;

    private static double relative(NDArray approx, NDArray exact) {
        return approx.sub(exact).norm().getFloat() / exact.norm().getFloat();
    }

    @Test
    void linearMatchesFloat32AndItsGradientsReachTheFloat32Inputs() {
        try (NDManager params = NDManager.newBaseManager(); NDManager step = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            NDArray w = params.randomNormal(new Shape(96, 160)).div(10);
            NDArray b = params.randomNormal(new Shape(160));
            w.setName("encoder.layer.0.intermediate.dense.weight"); // DJL must not read this name as a dict
            b.setName("encoder.layer.0.intermediate.dense.bias");
            NDArray x = step.randomNormal(new Shape(4, 12, 96));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            x.setRequiresGradient(true);
            NDArray[] exact = gradients(() -> x.matMul(w).add(b), x, w, b);
            NDArray[] approx = gradients(() -> Bf16Kernels.get().linear(x, w, b), x, w, b);
            assertEquals(DataType.FLOAT32, approx[0].getDataType());
            assertEquals(new Shape(4, 12, 160), approx[0].getShape());
            String[] what = {"output", "dx", "dw", "db"};
            for (int i = 0; i < exact.length; i++) {
                assertEquals(DataType.FLOAT32, approx[i].getDataType(), what[i]);
                double err = relative(approx[i], exact[i]);
                assertTrue(err < BF16_PRODUCT && err > 1e-5, what[i] + ": relative error " + err + " (bf16 is neither exact nor far)");
            }
            int before = params.getManagedArrays().size();
            try (NDManager scope = step.newSubManager()) {
                NDArray input = scope.randomNormal(new Shape(2, 96));
                Bf16Kernels.get().linear(input, w, b);
                assertEquals(before, params.getManagedArrays().size(), "arrays left in the parameters' manager");
            }
        }
    }

    @Test
    void feedForwardMatchesFloat32WithGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray x = m.randomNormal(new Shape(3, 7, 32));
            NDArray w1 = m.randomNormal(new Shape(32, 128)).div(6);
            NDArray b1 = m.randomNormal(new Shape(128)).div(4);
            NDArray w2 = m.randomNormal(new Shape(128, 32)).div(11);
            NDArray b2 = m.randomNormal(new Shape(32));
            for (NDArray a : new NDArray[] {x, w1, b1, w2, b2}) {
                a.setRequiresGradient(true);
            }
            NDArray[] exact = gradients(() -> ai.djl.nn.Activation.gelu(x.matMul(w1).add(b1)).matMul(w2).add(b2), x, w1, b1, w2, b2);
            NDArray[] approx = gradients(() -> Bf16Kernels.get().feedForward(x, w1, b1, w2, b2), x, w1, b1, w2, b2);
            String[] what = {"output", "dx", "dw1", "db1", "dw2", "db2"};
            for (int i = 0; i < exact.length; i++) {
                assertEquals(DataType.FLOAT32, approx[i].getDataType(), what[i]);
                double err = relative(approx[i], exact[i]);
                assertTrue(err < 2 * BF16_PRODUCT, what[i] + ": relative error " + err);
            }
        }
    }

    /** The output of {@code f} and the gradients of sum(output^2) with respect to {@code inputs}. */
    private static NDArray[] gradients(java.util.function.Supplier<NDArray> f, NDArray... inputs) {
        NDArray[] out = new NDArray[inputs.length + 1];
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out[0] = f.get();
            gc.backward(out[0].square().sum());
        }
        for (int i = 0; i < inputs.length; i++) {
            out[i + 1] = inputs[i].getGradient().duplicate();
            inputs[i].getGradient().subi(inputs[i].getGradient()); // zero for the next call
        }
        return out;
    }

    @Test
    void batchedMatMulAndInferenceWithoutGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray q = m.randomNormal(new Shape(2, 4, 10, 8));
            NDArray k = m.randomNormal(new Shape(2, 4, 8, 10));
            NDArray approx = Bf16Kernels.get().matMul(q, k);
            assertEquals(new Shape(2, 4, 10, 10), approx.getShape());
            double err = relative(approx, q.matMul(k));
            assertTrue(err < BF16_PRODUCT, "relative error " + err);
        }
    }

    @Test
    void convolutionMatchesFloat32() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(3, 4, 11, 9));
            NDArray w = m.randomNormal(new Shape(6, 2, 3, 3)).div(3);
            Shape stride = new Shape(2, 1);
            Shape pad = new Shape(1, 0);
            Shape dilation = new Shape(1, 2);
            NDArray exact = Conv2d.conv2d(x, w, null, stride, pad, dilation, 2).singletonOrThrow();
            NDArray approx = Bf16Kernels.get().conv2d(x, w, stride, pad, dilation, 2);
            assertEquals(exact.getShape(), approx.getShape());
            double err = relative(approx, exact);
            assertTrue(err < BF16_PRODUCT, "relative error " + err);
        }
    }

    @Test
    void precisionNamesAndTheFallback() {
        assertEquals(Precision.BF16, Precision.parse("bf16", "--precision"));
        assertEquals(Precision.FP32, Precision.parse("FP32", "--precision"));
        String msg = org.junit.jupiter.api.Assertions.assertThrows(org.contrastive4j.InvalidInputException.class,
                () -> Precision.parse("fp8", "--precision")).getMessage();
        assertTrue(msg.contains("--precision") && msg.contains("fp8"), msg);
        StringBuilder notice = new StringBuilder();
        Precision got = Precision.available(Precision.BF16, notice::append);
        assertEquals(Precision.cpuHasBf16() ? Precision.BF16 : Precision.FP32, got);
        assertEquals(Precision.cpuHasBf16(), notice.length() == 0, notice.toString());
        assertEquals(Precision.FP32, Precision.available(Precision.FP32, notice::append));
    }
}
