package org.contrastive4j.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import org.contrastive4j.InvalidInputException;

import java.util.Arrays;
import java.util.List;

/**
 * A ResNet (He et al. 2016) for 28 to 96 px inputs: a 3x3 stem without pooling (a 7x7 stride-2
 * stem with max-pooling would leave a 28 px image at 7 px before the first block), then stages
 * of basic residual blocks, each stage after the first halving the resolution, then global
 * average pooling. The output, of size {@code widths[last]}, is the representation that is
 * evaluated; projection heads sit on top of it.
 */
public final class SmallResNet {

    /**
     * @param inChannels 1 for grayscale, 3 for RGB
     * @param stemWidth channels of the stem convolution
     * @param widths channels of each stage
     * @param blocksPerStage basic blocks in each stage
     */
    public record Config(int inChannels, int stemWidth, int[] widths, int blocksPerStage) {
        public Config {
            if (inChannels < 1 || stemWidth < 1 || widths.length == 0 || blocksPerStage < 1
                    || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new InvalidInputException("invalid ResNet shape: channels " + inChannels + ", stem " + stemWidth
                        + ", widths " + Arrays.toString(widths) + ", blocks per stage " + blocksPerStage);
            }
        }

        /** Stem 32, stages 32/64/128, one block each: the size BENCHMARKING.md measures PyTorch at. */
        public static Config small(int inChannels) {
            return new Config(inChannels, 32, new int[] {32, 64, 128}, 1);
        }

        public int outputSize() {
            return widths[widths.length - 1];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && c.inChannels == inChannels && c.stemWidth == stemWidth
                    && Arrays.equals(c.widths, widths) && c.blocksPerStage == blocksPerStage;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(widths) * 31 + inChannels * 7 + stemWidth * 3 + blocksPerStage;
        }

        @Override
        public String toString() {
            return "ResNet(stem " + stemWidth + ", widths " + Arrays.toString(widths) + ", " + blocksPerStage + " block(s) per stage)";
        }
    }

    private SmallResNet() {}

    public static Block build(Config config) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(config.stemWidth(), 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int in = config.stemWidth();
        for (int stage = 0; stage < config.widths().length; stage++) {
            for (int b = 0; b < config.blocksPerStage(); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(in, config.widths()[stage], stride));
                in = config.widths()[stage];
            }
        }
        return net.add(Pool.globalAvgPool2dBlock());
    }

    /** relu(F(x) + shortcut(x)), F = conv3x3-BN-ReLU-conv3x3-BN; a 1x1 projection when the shape changes. */
    private static Block basicBlock(int in, int out, int stride) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(out, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(out, 3, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = in == out && stride == 1 ? Blocks.identityBlock()
                : new SequentialBlock().add(conv(out, 1, stride)).add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(SmallResNet::sum, List.of(residual, shortcut)))
                .add(Activation.reluBlock());
    }

    private static NDList sum(List<NDList> branches) {
        return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return new PrecisionConv2d(Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false));
    }
}
