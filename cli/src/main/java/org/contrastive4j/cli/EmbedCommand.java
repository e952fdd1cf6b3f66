package org.contrastive4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextRecords;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.TextModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code c4j embed}: sentence embeddings of a file of texts with the embedded MiniLM or a trained model. */
@Command(name = "embed", description = {
    "Embed texts: one per line (.txt) or a field of each JSON line (.jsonl).",
    "Writes .npy (float32 [n][d]), .safetensors (tensor 'embeddings') or .jsonl (line, text, embedding).",
    "Blank lines are skipped and reported by line number."})
final class EmbedCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Texts: FILE.txt or FILE.jsonl.")
    Path input;

    @Option(names = "--images", description = "Instead of texts, a directory of images (any depth) for the image encoder --model "
            + "(the model/ directory of c4j train simclr|moco|supcon|dino); the texts written are the images' paths.")
    Path images;

    @Option(names = "--output", required = true, description = "OUT.npy, OUT.safetensors or OUT.jsonl.")
    Path output;

    @Option(names = "--field", defaultValue = "text", description = "JSONL field holding the text (default ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--model", description = "Model: a directory (sentence-transformers, Hugging Face or c4j) or a zoo name (c4j models list); default: the embedded all-MiniLM-L6-v2.")
    Path model;

    @Option(names = "--prompt", description = "Text in front of each input: a prompt name of the model (e5: query, passage), "
            + "literal text, or none (default: the model's default prompt, usually none).")
    String prompt;

    @Option(names = "--batch-size", defaultValue = "64", description = "Texts per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--dimensions", description = "Keep the first N dimensions of each text vector and re-normalise "
        + "(Matryoshka truncation, for models trained with MatryoshkaLoss).")
    Integer dimensions;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if ((input == null) == (images == null)) {
            throw new InvalidInputException("give --input FILE (texts) or --images DIR (images), one of them");
        }
        if (images != null || ImageEncoder.isImageEncoder(model)) {
            long start = System.nanoTime();
            EmbeddedTexts e = EmbeddedTexts.of(null, field, null, model, null, images, err);
            double seconds = (System.nanoTime() - start) / 1e9;
            EmbeddingFiles.write(output, e.vectors(), e.texts());
            err.printf(Locale.ROOT, "embedded %d images (%d dims) in %.1f s (%.0f images/s) into %s%n", e.vectors().length,
                    e.vectors()[0].length, seconds, e.vectors().length / seconds, output);
            err.flush();
            return Main.EXIT_OK;
        }
        TextRecords.Loaded loaded = TextRecords.read(input, field);
        if (!loaded.skippedLines().isEmpty()) {
            err.printf("skipped %d blank line(s): %s%n", loaded.skippedLines().size(),
                    loaded.skippedLines().stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "))
                            + (loaded.skippedLines().size() > 20 ? ", ..." : ""));
        }
        long start = System.nanoTime();
        float[][] embeddings;
        try (TextModel m = TextModel.load(model);
             ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("embed").setUnit(" texts", 1)
                     .setInitialMax(loaded.texts().size()).setStyle(ProgressBarStyle.ASCII).showSpeed().build()) {
            if (dimensions != null && (dimensions < 1 || dimensions > m.dimension())) {
                throw new InvalidInputException("--dimensions must be between 1 and the model's " + m.dimension() + ", got " + dimensions);
            }
            embeddings = m.embedAll(loaded.strings(), prompt, batchSize, n -> {
                if (bar != null) {
                    bar.stepBy(n);
                }
            });
            if (dimensions != null) {
                embeddings = org.contrastive4j.tensor.Vectors.truncated(embeddings, dimensions);
            }
            if (m.tokenizer().truncatedCount() > 0) {
                err.printf("%d text(s) longer than %d tokens were truncated%n", m.tokenizer().truncatedCount(),
                        m.tokenizer().maxLength());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EmbeddingFiles.write(output, embeddings, loaded.texts());
        err.printf(Locale.ROOT, "embedded %d texts (%d dims) in %.1f s (%.0f texts/s) into %s%n", embeddings.length,
                embeddings[0].length, seconds, embeddings.length / seconds, output);
        err.flush();
        return Main.EXIT_OK;
    }
}
