package org.contrastive4j;

import org.contrastive4j.encoder.ModelZoo;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.precision.Precision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A text embedding model, as a user of the library holds it: loaded from a zoo name
 * ({@code all-MiniLM-L6-v2}, {@code bge-small-en-v1.5}, ...) or a sentence-transformers /
 * Hugging Face directory, encoding texts to vectors (unit length when the model normalises),
 * trained with {@link Fit}, saved in the sentence-transformers layout.
 *
 * <pre>{@code
 * try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
 *     float[][] v = model.encode(List.of("a red pullover", "a pair of jeans"));
 * }
 * }</pre>
 */
public final class TextEncoder implements AutoCloseable {
    private static final int BATCH = 64;
    private final TextModel model;

    private TextEncoder(TextModel model) {
        this.model = model;
    }

    /** A zoo name ({@link ModelZoo}; fetched through Maven on first use) or a model directory. */
    public static TextEncoder load(String zooNameOrDirectory) {
        if (zooNameOrDirectory == null || zooNameOrDirectory.isBlank()) {
            throw new InvalidInputException("the model to load must be a zoo name or a directory, got '" + zooNameOrDirectory + "'");
        }
        return new TextEncoder(TextModel.load(Path.of(zooNameOrDirectory)));
    }

    /** A model directory. */
    public static TextEncoder load(Path directory) {
        return new TextEncoder(TextModel.load(directory));
    }

    /** Wraps a model built with the parts underneath; closing the encoder closes it. */
    public static TextEncoder of(TextModel model) {
        return new TextEncoder(model);
    }

    /** One vector per text, in order, with the model's default prompt (e5's "query: ", none for most). */
    public float[][] encode(List<String> texts) {
        return model.embedAll(texts, null, BATCH, null);
    }

    /** One vector per text with the named prompt ({@code "query"}, {@code "passage"}), a literal prefix, or {@code "none"}. */
    public float[][] encode(List<String> texts, String prompt) {
        return model.embedAll(texts, prompt, BATCH, null);
    }

    /**
     * With Matryoshka truncation: the first {@code dimensions} components of each vector,
     * re-normalised (sentence-transformers' {@code truncate_dim}); for models trained with
     * {@link org.contrastive4j.loss.MatryoshkaLoss}.
     */
    public float[][] encode(List<String> texts, String prompt, int dimensions) {
        if (dimensions < 1 || dimensions > dimension()) {
            throw InvalidInputException.parameter("dimensions", "must be between 1 and the model's " + dimension() + ", got " + dimensions);
        }
        return org.contrastive4j.tensor.Vectors.truncated(encode(texts, prompt), dimensions);
    }

    public float[] encode(String text) {
        return encode(List.of(text))[0];
    }

    public int dimension() {
        return model.dimension();
    }

    public String name() {
        return model.name();
    }

    /** Writes the sentence-transformers layout (config.json, model.safetensors, tokenizer, modules, model card) into {@code dir}. */
    public void save(Path dir) throws IOException {
        model.save(dir);
    }

    /**
     * Runs the encoder's matrix products in {@code precision} from now on ({@link Precision#BF16}: on
     * the CPU's bfloat16 units, vectors still float32; falls back to float32 where the CPU has none).
     */
    public TextEncoder precision(Precision precision) {
        model.encoder().setPrecision(Precision.available(precision, line -> { }));
        return this;
    }

    /** The model underneath, for the parts the library composes (losses, objectives, trainers). */
    public TextModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
