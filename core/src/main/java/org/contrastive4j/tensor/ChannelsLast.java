package org.contrastive4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;

/**
 * Lays a batch of images [N][C][H][W] out channels-last in memory (NHWC strides) while keeping
 * its NCHW shape, so every layer sees the same values. libtorch's oneDNN convolutions, batch
 * norm, ReLU and pooling then keep that layout from layer to layer, where in NCHW each
 * convolution reorders its input and output (measured in BENCHMARKS.md: about 1.3x on the
 * SimCLR step). DJL's API has no memory-format argument, so the layout comes from a permute:
 * NHWC data viewed as NCHW. For one channel the permuted view is already dense and nothing
 * is copied; otherwise the input is copied once.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    public static NDArray of(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new InvalidInputException("expected images [N][C][H][W], got shape " + s);
        }
        NDArray nhwc = images.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1));
        return nhwc.transpose(0, 3, 1, 2);
    }
}
