package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.lucene.store.FSDirectory;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.ModelZoo;
import org.contrastive4j.index.Quantization;
import org.contrastive4j.index.VectorIndex;
import org.contrastive4j.tensor.Vectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j index build}: texts embedded into a Lucene HNSW index. */
@Command(name = "index", description = "Build vector indexes (Lucene HNSW, cosine).", subcommands = {IndexCommand.Build.class})
final class IndexCommand implements Runnable {
    static final String META = "c4j-index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The model an index was built with (null: the embedded MiniLM). */
    static Path modelOf(Path index) {
        String model = meta(index).path("model").asText("");
        return model.isEmpty() ? null : Path.of(model);
    }

    /** The vector length an index was built with (null: not recorded). */
    static Integer dimensionOf(Path index) {
        return positiveField(index, "dimension");
    }

    /** The index for search: queries are cut to the length its vectors were cut to with --dimensions. */
    static VectorIndex open(Path index) {
        Integer cut = positiveField(index, "truncated_to");
        return VectorIndex.open(index, cut == null ? 0 : cut);
    }

    private static Integer positiveField(Path index, String field) {
        int d = meta(index).path(field).asInt(0);
        return d > 0 ? d : null;
    }

    /** The index's c4j-index.json (a missing node when there is none). */
    private static JsonNode meta(Path index) {
        Path meta = index.resolve(META);
        if (!Files.exists(meta)) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(meta.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + meta + ": " + e.getMessage());
        }
    }

    /** How an index records its model: a zoo name as the name, a directory as its absolute path. */
    static Path recordedName(Path model) {
        return model == null ? null : ModelZoo.isZooName(model) ? model : model.toAbsolutePath().normalize();
    }

    @Command(name = "build", description = {"Embed texts and add them to an index (created if absent, else appended).",
        "Ids are 'FILE:LINE' unless the JSONL records carry --id-field."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--input", description = "Texts: FILE.txt or FILE.jsonl.")
        Path input;

        @Option(names = "--vectors", description = "Precomputed embeddings (.npy, .safetensors, .jsonl from c4j embed).")
        Path vectorsFile;

        @Option(names = "--index", required = true, description = "Index directory.")
        Path index;

        @Option(names = "--model", description = "Model: a directory (sentence-transformers, Hugging Face or c4j) or a zoo name (c4j models list); default: the embedded all-MiniLM-L6-v2.")
        Path model;

        @Option(names = "--prompt", description = "Text in front of each input: a prompt name of the model (e5: query, passage), "
                    + "literal text, or none (default: the model's document prompt, e.g. e5's passage).")
        String prompt;

        @Option(names = "--images", description = "A directory of images (any depth) to embed with the image encoder --model "
                + "(the model/ directory of c4j train simclr|moco|supcon|dino) instead of texts.")
        Path images;

        @Option(names = "--field", defaultValue = "text", description = "JSONL text field (default ${DEFAULT-VALUE}).")
        String field;

        @Option(names = "--quantize", defaultValue = "none", description = "none (float32) or int8 (default ${DEFAULT-VALUE}).")
        Quantization quantization;

        @Option(names = "--dimensions", description = "Keep the first N dimensions of each vector, re-normalised (a Matryoshka "
                + "model's shorter vectors); c4j search cuts its queries the same way.")
        Integer dimensions;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            Path recorded = modelOf(index);
            if (Files.exists(index.resolve(META)) && !String.valueOf(recorded).equals(String.valueOf(recordedName(model)))) {
                throw new InvalidInputException("index " + index + " was built with model " + (recorded == null ? "(embedded MiniLM)" : recorded)
                        + "; add to it with the same --model");
            }
            Integer recordedDimension = dimensionOf(index);
            if (dimensions != null && recordedDimension != null && !dimensions.equals(recordedDimension)) {
                throw new InvalidInputException("index " + index + " holds " + recordedDimension + "-dimensional vectors; add to it with "
                        + "--dimensions " + recordedDimension + ", not " + dimensions);
            }
            if (dimensions != null && dimensions < 1) {
                throw new InvalidInputException("--dimensions must be at least 1, got " + dimensions);
            }
            long start = System.nanoTime();
            EmbeddedTexts loaded = EmbeddedTexts.of(input, field, vectorsFile, model, prompt, images, err);
            float[][] vectors = loaded.vectors();
            if (dimensions != null) {
                if (dimensions > vectors[0].length) {
                    throw new InvalidInputException("--dimensions must be between 1 and the vectors' " + vectors[0].length + ", got " + dimensions);
                }
                vectors = Vectors.truncated(vectors, dimensions);
            }
            if (recordedDimension != null && vectors[0].length != recordedDimension) {
                throw new InvalidInputException("index " + index + " holds " + recordedDimension + "-dimensional vectors, these have "
                        + vectors[0].length + (recordedDimension < vectors[0].length ? "; add --dimensions " + recordedDimension : ""));
            }
            String prefix = (input != null ? input : vectorsFile != null ? vectorsFile : images).getFileName().toString();
            List<String> ids = images != null ? loaded.strings()
                    : loaded.texts().stream().map(t -> prefix + ":" + t.line()).toList();
            Files.createDirectories(index);
            try (FSDirectory dir = FSDirectory.open(index)) {
                VectorIndex.add(dir, ids, loaded.strings(), vectors, quantization);
            }
            ObjectNode meta = JSON.createObjectNode().put("model", model == null ? "" : recordedName(model).toString())
                    .put("dimension", vectors[0].length).put("quantization", quantization.name().toLowerCase(Locale.ROOT));
            if (dimensions != null) {
                meta.put("truncated_to", dimensions);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(index.resolve(META).toFile(), meta);
            try (VectorIndex opened = VectorIndex.open(index)) {
                err.printf(Locale.ROOT, "indexed %d texts in %.1f s; %s now holds %d%s%n", vectors.length,
                        (System.nanoTime() - start) / 1e9, index, opened.size(),
                        loaded.skippedLines().isEmpty() ? "" : " (skipped " + loaded.skippedLines().size() + " blank lines)");
            }
            err.flush();
            return Main.EXIT_OK;
        }
    }
}
