package org.contrastive4j.cli;

import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.onnx.OnnxExport;
import org.contrastive4j.encoder.onnx.OnnxImageExport;
import org.contrastive4j.io.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j export}: a text model as a sentence-transformers directory, with its ONNX graph for ONNX Runtime and transformers.js. */
@Command(name = "export", description = {"Write a model in the layout other tools read: a text model as a sentence-transformers directory",
    "(config.json, model.safetensors, tokenizer, modules, model card) and, with --format onnx, onnx/model.onnx",
    "(opset 17; inputs input_ids, attention_mask, token_type_ids; outputs last_hidden_state, sentence_embedding).",
    "An image encoder (OUT/model of c4j train simclr|moco|supcon|dino) exports as pixel_values -> representation, image_embeds."})
final class ExportCommand implements Callable<Integer> {
    enum Format { ONNX, SENTENCE_TRANSFORMERS }

    @Option(names = "--format", defaultValue = "onnx", description = "onnx (the directory plus onnx/model.onnx) or "
            + "sentence_transformers (the directory only); default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--model", description = "Text model directory or zoo name, or an image encoder directory (default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--out", required = true, description = "Directory to write.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        if (ImageEncoder.isImageEncoder(model)) {
            exportImageEncoder(err);
        } else {
            exportTextModel(err);
        }
        err.printf(Locale.ROOT, "exported %s to %s in %.1f s%n", model == null ? TextModel.MINILM_NAME : model, out,
                (System.nanoTime() - start) / 1e9);
        err.flush();
        return Main.EXIT_OK;
    }

    private void exportImageEncoder(PrintWriter err) throws java.io.IOException {
        try (ImageEncoder encoder = ImageEncoder.load(model)) {
            java.nio.file.Files.createDirectories(out);
            if (!java.nio.file.Files.isSameFile(model, out)) {
                for (String f : new String[] {ImageEncoder.MANIFEST, "model.safetensors"}) {
                    java.nio.file.Files.copy(model.resolve(f), out.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (format == Format.ONNX) {
                writeOnnx(OnnxImageExport.export(encoder), "; pixel_values -> representation, image_embeds", err);
            }
        }
    }

    private void exportTextModel(PrintWriter err) throws java.io.IOException {
        try (TextModel m = TextModel.load(model)) {
            m.save(out);
            if (format == Format.ONNX) {
                writeOnnx(OnnxExport.export(m), "", err);
            }
        }
    }

    private void writeOnnx(byte[] onnx, String about, PrintWriter err) throws java.io.IOException {
        Path file = out.resolve("onnx").resolve("model.onnx");
        SafeFiles.write(file, o -> o.write(onnx));
        err.printf(Locale.ROOT, "wrote %s (%.1f MB, opset %d%s)%n", file, onnx.length / 1e6, OnnxExport.OPSET, about);
    }
}
