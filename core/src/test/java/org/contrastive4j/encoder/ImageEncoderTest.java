package org.contrastive4j.encoder;

import ai.djl.nn.Parameter;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.contrastive4j.encoder.onnx.OnnxImageExport;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.eval.Embeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageEncoderTest {
    @TempDir
    Path dir;

    @Test
    void savedEncoderGivesTheModelsNormalisedRepresentationsBatchNormStatisticsIncluded() throws Exception {
        int[] shape = {1, 16, 16};
        Random r = new Random(5);
        float[][] images = new float[5][16 * 16];
        for (float[] im : images) {
            for (int i = 0; i < im.length; i++) {
                im[i] = r.nextFloat();
            }
        }
        try (ImageModel model = ImageModel.create(new SmallResNet.Config(1, 8, new int[] {8, 16}, 1), 16, 8, shape, 1)) {
            int moved = 0;
            for (Parameter p : model.backboneParameters().values()) {
                if (p.getName().equals("runningMean")) {
                    moved++;
                    float[] v = new float[(int) p.getArray().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian() * 0.1f;
                    }
                    p.getArray().set(v);
                }
            }
            assertEquals(6, moved, "the batch-norm layers' running means, set away from their initial zeros");
            float[][] expected = Embeddings.of(model, images, shape);
            ImageEncoder.save(model, shape, "SimCLR", dir);
            try (ImageEncoder encoder = ImageEncoder.load(dir)) {
                assertEquals(16, encoder.dimension());
                assertEquals("SimCLR", encoder.method());
                float[][] got = encoder.encode(images);
                for (int i = 0; i < images.length; i++) {
                    double norm = 0;
                    for (float x : expected[i]) {
                        norm += x * x;
                    }
                    float[] unit = new float[expected[i].length];
                    for (int k = 0; k < unit.length; k++) {
                        unit[k] = (float) (expected[i][k] / Math.sqrt(norm));
                    }
                    assertArrayEquals(unit, got[i], 1e-5f);
                }
            }
        }
        try (ImageEncoder encoder = ImageEncoder.load(dir)) {
            float[][] expected = encoder.encode(images);
            float[] pixels = new float[images.length * 16 * 16];
            for (int i = 0; i < images.length; i++) {
                System.arraycopy(images[i], 0, pixels, i * 256, 256);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(OnnxImageExport.export(encoder), new OrtSession.SessionOptions());
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {images.length, 1, 16, 16});
                 OrtSession.Result result = session.run(Map.of("pixel_values", input))) {
                float[][] got = (float[][]) result.get("image_embeds").orElseThrow().getValue();
                Assertions2.embeddingsMatch("image encoder in ONNX Runtime", expected, got, 1e-4, 0.9999);
            }
        }
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "is an image encoder, not a text model");
        Files.writeString(dir.resolve("model.safetensors"), "x");
        messageContains(assertThrows(InvalidInputException.class, () -> ImageEncoder.load(dir)), "is not a valid safetensors file");
    }
}
