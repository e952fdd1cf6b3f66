package org.contrastive4j.encoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.testing.Assertions2;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sentence-transformers layout against an independent reader and writer: a short PyTorch 1.13
 * program (tools/reference/sentence_transformers_torch.py, Debian's python3-torch) that builds
 * BertModel from nn.Linear modules and loads the safetensors by name. It embeds what c4j saved as
 * c4j does, and a directory it made from the ONNX file's weights loads into c4j and embeds as the
 * embedded model does.
 */
class TorchReaderTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path PROGRAM = Path.of("..", "tools", "reference", "sentence_transformers_torch.py").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void requireTorch() throws IOException, InterruptedException {
        Required.present(Files.isExecutable(Path.of(PYTHON)), "Debian python3 (package python3-torch)");
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch, onnx").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Required.present(p.waitFor() == 0, "PyTorch and ONNX for Debian's python3 (packages python3-torch python3-onnx)");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), String.join(" ", args));
        return out;
    }

    private static void assertClose(float[][] expected, float[][] actual, double tol) {
        Assertions2.embeddingsMatch("PyTorch reader", expected, actual, tol, 0.9999);
    }

    @Test
    void pyTorchReadsWhatC4jSavedAndC4jReadsWhatPyTorchWrote() throws Exception {
        requireTorch();
        List<String> texts = ZooParityTest.glosses(32);
        float[][] c4j;
        Path saved = dir.resolve("saved");
        long[][] tokens;
        try (TextModel model = TextModel.miniLm()) {
            c4j = model.embedAll(texts, 16, null);
            tokens = model.tokenizer().encodeAll(texts);
            model.save(saved);
        }
        Path tokensFile = dir.resolve("tokens.json");
        JSON.writeValue(tokensFile.toFile(), tokens);
        float[][] torch = JSON.readValue(run(PYTHON, PROGRAM.toString(), "embed", saved.toString(), tokensFile.toString()), float[][].class);
        assertClose(c4j, torch, 1e-4);

        Path onnx = dir.resolve("minilm.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        try (InputStream in = TorchReaderTest.class.getResourceAsStream(TextModel.MINILM_ONNX);
             InputStream tok = TorchReaderTest.class.getResourceAsStream(TextModel.MINILM_TOKENIZER)) {
            Files.copy(in, onnx);
            Files.copy(tok, tokenizer);
        }
        Path written = dir.resolve("written-by-pytorch");
        run(PYTHON, PROGRAM.toString(), "from-onnx", onnx.toString(), tokenizer.toString(), "12", written.toString());
        try (TextModel fromTorch = TextModel.load(written)) {
            assertClose(c4j, fromTorch.embedAll(texts, 16, null), 1e-5);
        }
    }
}
