package org.contrastive4j.encoder;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.OrtReference;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each zoo model, fetched through Maven (the embedded one read from the classpath) and converted
 * into a sentence-transformers directory, embeds as ONNX Runtime does on the artifact's own ONNX file: English WordNet glosses for the
 * English models, Chinese sentences from the project's source articles for bge-small-zh.
 */
class ZooParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"all-MiniLM-L6-v2", "bge-small-en-v1.5", "bge-small-zh-v1.5", "e5-small-v2"})
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
        try (TextModel model = TextModel.load(dir);
             OrtReference ort = new OrtReference(onnx, entry.config().pooling() == BertConfig.Pooling.CLS)) {
            assertEquals(entry.config(), model.encoder().config(), "the directory keeps the zoo's configuration");
            assertEquals(entry.prompts(), model.prompts());
            long[][] tokens = model.tokenizer().encodeAll(texts);
            float[][] expected = ort.embed(tokens); // one padded batch: padding must not change any text's vector
            float[][] actual = model.embedAll(texts, 16, null);
            Assertions2.embeddingsMatch(name + " vs ONNX Runtime", expected, actual, 1e-4, 0.9999);
        }
        try (TextModel byName = TextModel.load(Path.of(name))) {
            assertEquals(entry.hubId(), byName.name(), "a zoo model goes by its Hub id (cards' base_model, the server's model id)");
        }
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
