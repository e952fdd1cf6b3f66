package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.contrastive4j.precision.Bf16Kernels;
import org.contrastive4j.precision.Precision;

/**
 * DJL's Conv2d whose product can run in bf16 ({@link Bf16Kernels#conv2d}, float32 in and out,
 * weights float32). The same parameters and the same saved bytes as Conv2d, so checkpoints and
 * image encoder directories do not depend on the precision they were trained in.
 */
final class PrecisionConv2d extends Conv2d {
    private volatile Precision precision = Precision.processDefault();

    PrecisionConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    /** Sets {@code precision} on every PrecisionConv2d in {@code block}'s tree. */
    static void setPrecision(Block block, Precision precision) {
        if (block instanceof PrecisionConv2d conv) {
            conv.setPrecision(precision);
        }
        block.getChildren().values().forEach(child -> setPrecision(child, precision));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (precision != Precision.BF16) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray y = Bf16Kernels.get().conv2d(x, w, stride, padding, dilation, groups);
        if (includeBias) {
            y = y.add(parameterStore.getValue(bias, x.getDevice(), training).reshape(1, -1, 1, 1));
        }
        return new NDList(y);
    }
}
