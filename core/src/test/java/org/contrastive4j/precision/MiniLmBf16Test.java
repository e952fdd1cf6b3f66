package org.contrastive4j.precision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.OrtReference;
import org.contrastive4j.testing.WordNetSentences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * all-MiniLM-L6-v2 with its products in bf16: embeddings within the cosine of ONNX
 * Runtime's float32 ones on 300 WordNet sentences, and a training step's loss and gradients close
 * to the float32 step's.
 */
class MiniLmBf16Test {
    private static TextModel model;

    @BeforeAll
    static void load() {
        model = TextModel.miniLm();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void bf16EmbeddingsAreWithinCosine0999OfOnnxRuntimeFloat32() throws Exception {
        List<String> texts = WordNetSentences.first(300);
        float[][] expected;
        try (OrtReference ort = new OrtReference()) {
            expected = ort.embed(model.tokenizer().encodeAll(texts));
        }
        try {
            model.encoder().setPrecision(Precision.BF16);
            float[][] bf16 = model.embedAll(texts, 32, null);
            Assertions2.embeddingsMatch("MiniLM in bf16 vs ONNX Runtime float32", expected, bf16, 0.05, 0.999);
        } finally {
            model.encoder().setPrecision(Precision.FP32);
        }
        Assertions2.embeddingsMatch("MiniLM back in float32", expected, model.embedAll(texts, 32, null), 1e-4, 0.9999);
    }

    @Test
    void aBf16TrainingStepHasTheFloat32StepsLossAndGradients() {
        List<String> texts = WordNetSentences.first(32);
        List<String> queries = texts.subList(0, 16);
        List<String> positives = texts.subList(16, 32);
        double[] loss = new double[2];
        List<List<float[]>> grads = new ArrayList<>();
        for (Precision p : Precision.values()) {
            model.encoder().setPrecision(p);
            try (NDManager step = model.manager().newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = new MultipleNegativesRankingLoss().forward(model.embed(step, queries, false), model.embed(step, positives, false), null);
                gc.backward(l);
                loss[p.ordinal()] = l.getFloat();
                grads.add(model.trainableArrays().stream().map(a -> a.getGradient().toFloatArray()).toList());
                model.trainableArrays().forEach(a -> a.getGradient().subi(a.getGradient()));
            } finally {
                model.encoder().setPrecision(Precision.FP32);
            }
        }
        System.out.printf("MiniLM step loss: float32 %.6f, bf16 %.6f%n", loss[0], loss[1]);
        assertEquals(loss[0], loss[1], 0.01 * loss[0], "bf16 step loss vs float32 (1%)");
        double cos = cosine(grads.get(0), grads.get(1));
        System.out.printf("cosine of the bf16 and float32 gradients: %.6f%n", cos);
        assertTrue(cos > 0.99, "cosine of the bf16 and float32 gradients over all 22.7M parameters: " + cos);
    }

    private static double cosine(List<float[]> a, List<float[]> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.size(); k++) {
            float[] x = a.get(k);
            float[] y = b.get(k);
            for (int i = 0; i < x.length; i++) {
                dot += (double) x[i] * y[i];
                na += (double) x[i] * x[i];
                nb += (double) y[i] * y[i];
            }
        }
        return dot / Math.sqrt(na * nb);
    }
}
