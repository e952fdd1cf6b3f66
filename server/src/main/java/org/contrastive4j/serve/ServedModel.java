package org.contrastive4j.serve;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.Prompts;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.TextTokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One model a server serves under a name: a text model (texts), an image encoder (images) or a
 * CLIP model (both, into one space), each input kind with its own {@link DynamicBatcher}. Text
 * models give raw vectors (each route normalises as its API says); image encoders and CLIP give
 * unit vectors.
 */
public final class ServedModel implements AutoCloseable {
    private final String name;
    private final TextModel text;
    private final ImageEncoder imageEncoder;
    private final ClipModel clip;
    private final DynamicBatcher<long[]> textBatcher;
    private final DynamicBatcher<float[]> imageBatcher;
    private final boolean ownsModel;

    private ServedModel(String name, TextModel text, ImageEncoder imageEncoder, ClipModel clip, boolean ownsModel, ServerConfig config,
                        ServerMetrics metrics) {
        this.name = name;
        this.ownsModel = ownsModel;
        this.text = text;
        this.imageEncoder = imageEncoder;
        this.clip = clip;
        int inputs = config.batching() ? config.maxBatch() : 1;
        long window = config.batching() ? config.batchWindowMillis() : 0;
        long budget = config.maxBatchTokens();
        this.textBatcher = tokenizer() == null ? null : new DynamicBatcher<>(tokens -> embedTokens(tokens, budget, inputs),
                t -> t.length, inputs, budget, window, metrics.observer(name, "text"));
        this.imageBatcher = imageShape() == null ? null : new DynamicBatcher<>(this::embedImages, image -> 1, inputs, inputs, window,
                metrics.observer(name, "image"));
        metrics.queue(name, this::queued);
    }

    /** A text model served as {@code name}; the caller keeps it (closing this leaves it open). */
    public static ServedModel text(String name, TextModel model, ServerConfig config, ServerMetrics metrics) {
        return new ServedModel(name, model, null, null, false, config, metrics);
    }

    /**
     * The model in {@code dirOrZooName}: an image encoder directory (image_encoder.json), a CLIP
     * directory (clip.json), a text model directory or zoo name, or (null) the embedded
     * all-MiniLM-L6-v2; {@code name} null serves it under its own name.
     */
    public static ServedModel load(String name, Path dirOrZooName, ServerConfig config, ServerMetrics metrics) {
        if (ImageEncoder.isImageEncoder(dirOrZooName)) {
            ImageEncoder e = ImageEncoder.load(dirOrZooName);
            return new ServedModel(name != null ? name : dirOrZooName.getFileName().toString(), null, e, null, true, config, metrics);
        }
        if (ClipModel.isClipModel(dirOrZooName)) {
            ClipModel c = ClipModel.load(dirOrZooName);
            return new ServedModel(name != null ? name : dirOrZooName.getFileName().toString(), null, null, c, true, config, metrics);
        }
        TextModel t = TextModel.load(dirOrZooName);
        return new ServedModel(name != null ? name : t.name(), t, null, null, true, config, metrics);
    }

    public String name() {
        return name;
    }

    public int dimension() {
        return text != null ? text.dimension() : imageEncoder != null ? imageEncoder.dimension() : clip.config().jointDim();
    }

    /** The tokenizer of its texts; null when it takes no text. */
    public TextTokenizer tokenizer() {
        return text != null ? text.tokenizer() : clip != null ? clip.text().tokenizer() : null;
    }

    /** The text model, for what only a text model has (pooling, prompts, vocabulary); null for images and CLIP. */
    public TextModel textModel() {
        return text;
    }

    public Prompts prompts() {
        return text != null ? text.prompts() : Prompts.NONE;
    }

    /** Whether its own vectors are unit length (a text model may leave that to the caller). */
    public boolean normalizes() {
        return text == null || text.encoder().config().normalize();
    }

    public int vocabularySize() {
        return text != null ? text.encoder().config().vocabSize() : clip.text().encoder().config().vocabSize();
    }

    /** {c, h, w} of the images it takes; null when it takes none. */
    public int[] imageShape() {
        return imageEncoder != null ? imageEncoder.inputShape() : clip != null ? clip.config().inputShape() : null;
    }

    /** What it embeds, for /v1/models and /info: "text", "image" or "text+image". */
    public String modality() {
        return text != null ? "text" : imageEncoder != null ? "image" : "text+image";
    }

    public CompletableFuture<float[][]> submitTokens(List<long[]> tokens) {
        return textBatcher.submit(tokens);
    }

    public CompletableFuture<float[][]> submitImages(List<float[]> images) {
        return imageBatcher.submit(images);
    }

    /**
     * An encoded image (PNG, JPEG, BMP, GIF bytes) as this model reads it: resized, its channels,
     * in [0, 1]; an InvalidInputException naming {@code where} when the bytes are not an image.
     */
    public float[] decodeImage(byte[] encoded, String where) {
        int[] shape = imageShape();
        byte[] pixels = ImageFolder.decode(encoded, shape[1], shape[0]);
        if (pixels == null) {
            throw new InvalidInputException(where + " is not a PNG, JPEG, BMP or GIF image");
        }
        return ImageDataset.unit(pixels);
    }

    private int queued() {
        return (textBatcher == null ? 0 : textBatcher.queued()) + (imageBatcher == null ? 0 : imageBatcher.queued());
    }

    /** Shortest first, in chunks whose padded cost (longest x count) stays within the budget. */
    private float[][] embedTokens(List<long[]> tokens, long budget, int maxInputs) {
        Integer[] order = new Integer[tokens.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length));
        float[][] out = new float[tokens.size()][];
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && end - start < maxInputs && (long) tokens.get(order[end]).length * (end - start + 1) <= budget) {
                end++;
            }
            long[][] chunk = new long[end - start][];
            for (int i = start; i < end; i++) {
                chunk[i - start] = tokens.get(order[i]);
            }
            float[][] v = text != null ? text.embedAllTokens(chunk, chunk.length, false) : clip.embedTokens(chunk);
            for (int i = start; i < end; i++) {
                out[order[i]] = v[i - start];
            }
            start = end;
        }
        return out;
    }

    private float[][] embedImages(List<float[]> images) {
        float[][] all = images.toArray(float[][]::new);
        return imageEncoder != null ? imageEncoder.encode(all) : clip.embedImages(all);
    }

    /** Stops its batchers (finishing what they hold) and frees the model it loaded. */
    @Override
    public void close() throws InterruptedException {
        if (textBatcher != null) {
            textBatcher.close();
        }
        if (imageBatcher != null) {
            imageBatcher.close();
        }
        if (!ownsModel) {
            return;
        }
        if (text != null) {
            text.close();
        }
        if (imageEncoder != null) {
            imageEncoder.close();
        }
        if (clip != null) {
            clip.close();
        }
    }
}
