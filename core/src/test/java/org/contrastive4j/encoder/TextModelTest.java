package org.contrastive4j.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextModelTest {
    private static final List<String> TEXTS = List.of("a small domesticated dog", "the upper part of the body", "hello");
    private static TextModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = TextModel.miniLm();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void savedDirectoryReloadsToTheSameEmbeddings() throws IOException {
        model.save(dir);
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        float[][] before = model.embedAll(TEXTS, 2, null);
        try (TextModel reloaded = TextModel.load(dir)) {
            float[][] after = reloaded.embedAll(TEXTS, 2, null);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(before[i], after[i], 1e-6f);
            }
        }
    }

    @Test
    void trainingModeUsesDropoutAndGradientsReachEveryParameter() {
        try (NDManager step = model.encoder().manager().newSubManager()) {
            NDArray eval1 = model.embed(step, TEXTS, false);
            NDArray eval2 = model.embed(step, TEXTS, false);
            assertArrayEquals(eval1.toFloatArray(), eval2.toFloatArray(), 0f, "eval mode is deterministic");
            NDArray train1;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                train1 = model.embed(step, TEXTS, true);
                NDArray train2 = model.embed(step, TEXTS, true);
                assertFalse(java.util.Arrays.equals(train1.toFloatArray(), train2.toFloatArray()), "two dropout masks differ");
                collector.backward(train1.mul(train2).sum());
            }
            for (Map.Entry<String, NDArray> e : model.encoder().parameters().entrySet()) {
                try (NDArray g = e.getValue().getGradient(); NDArray norm = g.abs().sum()) {
                    if (e.getKey().startsWith("embeddings.word_embeddings") || e.getKey().startsWith("embeddings.token_type")) {
                        continue; // only the rows of the tokens used get a gradient; checked below
                    }
                    assertTrue(norm.getFloat() > 0, "no gradient reached " + e.getKey());
                    g.muli(0);
                }
            }
        }
    }

    @Test
    void embeddingManyBatchesLeavesNoArrayBehind() {
        List<String> texts = java.util.stream.IntStream.range(0, 64).mapToObj(i -> "sentence number " + i).toList();
        model.embedAll(texts, 8, null);
        int before = model.encoder().manager().getManagedArrays().size();
        model.embedAll(texts, 8, null);
        model.embedAll(texts, 4, null);
        assertEquals(before, model.encoder().manager().getManagedArrays().size());
    }

    @Test
    void longTextsAreTruncatedAndCounted() {
        long before = model.tokenizer().truncatedCount();
        long[] ids = model.tokenizer().encode("word ".repeat(400));
        assertEquals(256, ids.length);
        assertEquals(102, ids[255]);
        assertEquals(before + 1, model.tokenizer().truncatedCount());
    }

    @Test
    void clsPoolingIsSelectable() {
        BertConfig cls = BertConfig.miniLmL6().withPooling(BertConfig.Pooling.CLS);
        assertEquals(BertConfig.Pooling.CLS, cls.pooling());
    }

    @Test
    void incompleteModelDirectoryIsExplained() throws IOException {
        model.save(dir);
        Files.delete(dir.resolve("model.safetensors"));
        messageContains(assertThrows(InvalidInputException.class, () -> TextModel.load(dir)), "lacks model.safetensors");
    }
}
