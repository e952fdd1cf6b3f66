package org.contrastive4j.precision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.loss.NtXentLoss;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small ResNet with its convolutions in bf16, on Fashion-MNIST test images: representations
 * within cosine 0.999 of float32, an NT-Xent step's loss close to float32's, and the weights (and
 * so the checkpoints) still float32 and untouched by the switch.
 */
class ImageModelBf16Test {
    private static final SmallResNet.Config CONFIG = new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1);

    private static NDArray images(NDManager m, int n) {
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(n);
        float[] all = new float[n * test.imageSize()];
        for (int i = 0; i < n; i++) {
            System.arraycopy(test.image(i), 0, all, i * test.imageSize(), test.imageSize());
        }
        return m.create(all, new Shape(n, 1, 28, 28));
    }

    @Test
    void bf16RepresentationsAreWithinCosine0999OfFloat32() throws IOException {
        try (ImageModel model = ImageModel.create(CONFIG, 64, 32, new int[] {1, 28, 28}, 3);
             NDManager m = model.manager().newSubManager()) {
            NDArray x = images(m, 256);
            byte[] before = weights(model);
            NDArray fp32 = model.represent(x, false);
            model.setPrecision(Precision.BF16);
            NDArray bf16 = model.represent(x, false);
            model.setPrecision(Precision.FP32);
            float min = fp32.normalize(2, 1).mul(bf16.normalize(2, 1)).sum(new int[] {1}).min().getFloat();
            System.out.printf("ResNet representations, bf16 vs float32 on 256 Fashion-MNIST images: min cosine %.6f%n", min);
            assertTrue(min > 0.999, "min cosine " + min);
            assertTrue(fp32.sub(bf16).abs().max().getFloat() > 0, "bf16 ran (the outputs differ)");
            assertArrayEquals(before, weights(model), "the weights, as saved, are unchanged by the precision");
        }
    }

    @Test
    void aBf16NtXentStepHasTheFloat32StepsLoss() {
        double[] loss = new double[2];
        for (Precision p : Precision.values()) {
            try (ImageModel model = ImageModel.create(CONFIG, 64, 32, new int[] {1, 28, 28}, 5);
                 NDManager m = model.manager().newSubManager()) {
                model.setPrecision(p);
                NDArray x = images(m, 64);
                Engine.getInstance().setRandomSeed(1);
                NDArray views = x.add(m.randomNormal(0, 0.05f, x.getShape(), ai.djl.ndarray.types.DataType.FLOAT32));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = new NtXentLoss(0.2).forward(model.project(x, true), model.project(views, true));
                    gc.backward(l);
                    loss[p.ordinal()] = l.getFloat();
                }
            }
        }
        System.out.printf("NT-Xent step loss: float32 %.6f, bf16 %.6f%n", loss[0], loss[1]);
        assertEquals(loss[0], loss[1], 0.01 * loss[0], "bf16 loss vs float32 (1%)");
    }

    private static byte[] weights(ImageModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
