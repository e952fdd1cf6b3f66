package org.contrastive4j.encoder;

import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.OrtReference;
import org.contrastive4j.testing.WordNetSentences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bar of the embedded model: the DJL encoder in eval mode reproduces ONNX Runtime on the
 * same ONNX file and the same tokens, on real WordNet glosses and examples.
 */
class MiniLmParityTest {
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
    void tokenizerGivesTheKnownIds() {
        long[] ids = model.tokenizer().encode("a crocheted or knitted garment covering the upper part of the body");
        assertArrayEquals(new long[] {101, 1037, 13675}, java.util.Arrays.copyOf(ids, 3));
        assertEquals(102, ids[ids.length - 1]);
    }

    @Test
    void djlEncoderMatchesOnnxRuntimeOnWordNetSentences() throws Exception {
        List<String> texts = WordNetSentences.first(300);
        long[][] tokens = model.tokenizer().encodeAll(texts);
        float[][] expected;
        try (OrtReference ort = new OrtReference()) {
            expected = ort.embed(tokens); // one padded batch: padding must not change any text's vector
        }
        float[][] actual = model.embedAll(texts, 32, null);
        Assertions2.embeddingsMatch("embedded MiniLM vs ONNX Runtime", expected, actual, 1e-4, 0.9999);
    }
}
