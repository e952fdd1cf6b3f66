package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.Safetensors.Tensor;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.precision.Precision;
import org.contrastive4j.tensor.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained image encoder as a model directory that embeds images: {@code image_encoder.json}
 * (architecture, input size and channels, how pixels are scaled, the vector length, the method
 * that trained it) and {@code model.safetensors} (the backbone's weights and batch-norm
 * statistics, by DJL parameter name). The projection head is not part of it: the representation
 * before the head is what transfers (SimCLR), and what every run evaluates. Vectors are
 * L2-normalised.
 */
public final class ImageEncoder implements AutoCloseable {
    public static final String MANIFEST = "image_encoder.json";
    static final String FORMAT = "contrastive4j-image-encoder";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageModel model;
    private final int[] inputShape;
    private String method;

    private ImageEncoder(ImageModel model, int[] inputShape, String method) {
        this.model = model;
        this.inputShape = inputShape;
        this.method = method;
    }

    /**
     * A freshly initialised encoder for {@code channels} x {@code size} x {@code size} images:
     * the ResNet of SimCLR's default recipe (stages 16/32/64/256, one block each, seed 42).
     */
    public static ImageEncoder resnet(int channels, int size) {
        if (channels != 1 && channels != 3) {
            throw InvalidInputException.parameter("channels", "must be 1 (gray) or 3 (RGB), got " + channels);
        }
        return resnet(new SmallResNet.Config(channels, 16, new int[] {16, 32, 64, 256}, 1), size, 42);
    }

    /** A freshly initialised encoder of the given shape; {@code seed} fixes its weights. */
    public static ImageEncoder resnet(SmallResNet.Config config, int size, long seed) {
        if (size < 8) {
            throw InvalidInputException.parameter("size", "must be at least 8 pixels, got " + size);
        }
        int[] shape = {config.inChannels(), size, size};
        return new ImageEncoder(ImageModel.create(config, Blocks.identityBlock(), shape, seed), shape, "none (initialisation)");
    }

    /** Whether {@code dir} holds an image encoder (rather than a text model). */
    public static boolean isImageEncoder(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /** Writes {@code model}'s backbone, for images of {@code inputShape} {c, h, w}, into {@code dir}. */
    public static void save(ImageModel model, int[] inputShape, String method, Path dir) throws IOException {
        Files.createDirectories(dir);
        SmallResNet.Config c = model.config();
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT).put("version", 1).put("architecture", "small-resnet").put("method", method);
        ObjectNode resnet = m.putObject("resnet");
        resnet.put("in_channels", c.inChannels()).put("stem_width", c.stemWidth()).put("blocks_per_stage", c.blocksPerStage());
        Arrays.stream(c.widths()).forEach(resnet.putArray("widths")::add);
        ObjectNode input = m.putObject("input");
        input.put("channels", inputShape[0]).put("height", inputShape[1]).put("width", inputShape[2]);
        input.put("pixels", "value / 255, no mean or std (as the encoder was trained)");
        var mean = input.putArray("mean");
        var std = input.putArray("std");
        for (int ch = 0; ch < inputShape[0]; ch++) {
            mean.add(0.0);
            std.add(1.0);
        }
        input.put("resize", "bilinear to height x width; grayscale as 0.299 R + 0.587 G + 0.114 B");
        m.put("representation_size", c.outputSize()).put("normalize", true).put("weights", "model.safetensors");
        Map<String, Tensor> weights = new LinkedHashMap<>();
        model.backboneParameters().forEach((name, p) -> weights.put(name,
                new Tensor(p.getArray().getShape().getShape(), p.getArray().toFloatArray())));
        Safetensors.write(dir.resolve("model.safetensors"), weights);
        SafeFiles.write(dir.resolve(MANIFEST), out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, m));
    }

    /** Writes this encoder into {@code dir} ({@value #MANIFEST} and {@code model.safetensors}), which {@link #load} reads. */
    public void save(Path dir) {
        try {
            save(model, inputShape, method, dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the image encoder to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a directory {@link #save} wrote; a missing file, another format or mismatched weights is named. */
    public static ImageEncoder load(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(dir + " is not an image encoder: it has no " + MANIFEST
                    + " (the model/ directory of 'c4j train simclr|moco|supcon|dino')");
        }
        JsonNode m;
        try {
            m = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.path("format").asText()) || !"small-resnet".equals(m.path("architecture").asText())) {
            throw new InvalidInputException(manifestFile + ": format '" + m.path("format").asText() + "', architecture '"
                    + m.path("architecture").asText() + "'; this c4j reads " + FORMAT + " small-resnet encoders");
        }
        JsonNode r = m.path("resnet");
        int[] widths = new int[r.path("widths").size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = r.path("widths").get(i).asInt();
        }
        SmallResNet.Config config = new SmallResNet.Config(r.path("in_channels").asInt(), r.path("stem_width").asInt(), widths,
                r.path("blocks_per_stage").asInt());
        JsonNode in = m.path("input");
        int[] shape = {in.path("channels").asInt(), in.path("height").asInt(), in.path("width").asInt()};
        if (shape[0] != config.inChannels() || shape[1] < 8 || shape[1] != shape[2]) {
            throw new InvalidInputException(manifestFile + ": input " + Arrays.toString(shape) + " does not fit the encoder ("
                    + config.inChannels() + " channels, square images of at least 8 px)");
        }
        Path weightsFile = SafeFiles.inside(dir, m.path("weights").asText("model.safetensors"), manifestFile + ": the weights file");
        if (!Files.isRegularFile(weightsFile)) {
            throw new InvalidInputException(dir + " lacks " + weightsFile.getFileName() + " (the encoder's weights)");
        }
        Map<String, Tensor> weights = Safetensors.read(weightsFile);
        ImageModel model = ImageModel.create(config, Blocks.identityBlock(), shape, 0);
        try {
            for (Map.Entry<String, Parameter> e : model.backboneParameters().entrySet()) {
                Tensor t = weights.get(e.getKey());
                NDArray a = e.getValue().getArray();
                if (t == null) {
                    throw new InvalidInputException(weightsFile + " lacks the weight '" + e.getKey() + "' of a " + config + " encoder");
                }
                if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                    throw new InvalidInputException(weightsFile + ": weight '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                            + ", " + MANIFEST + " implies " + a.getShape());
                }
                a.set(t.values());
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new ImageEncoder(model, shape, m.path("method").asText(""));
    }

    public SmallResNet.Config config() {
        return model.config();
    }

    /** The backbone's parameters by name, in the order the network uses them. */
    public Map<String, Parameter> parameters() {
        return model.backboneParameters();
    }

    /** {c, h, w} of the images the encoder takes. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    public int dimension() {
        return model.representationSize();
    }

    /** The method that trained it (SimCLR, MoCo v2, ...). */
    public String method() {
        return method;
    }

    /** Records the method that trained the encoder (written into the saved manifest). */
    public void trainedWith(String methodName) {
        this.method = methodName;
    }

    /**
     * Runs the backbone's convolutions in {@code precision} from now on, for encoding and for the
     * methods that train it ({@link Precision#BF16}: on the CPU's bfloat16 units, vectors and weights
     * float32; float32 where the CPU has no bf16 units).
     */
    public ImageEncoder precision(Precision precision) {
        model.setPrecision(Precision.available(precision, line -> { }));
        return this;
    }

    /** The network, for methods that train it in place. */
    public ImageModel model() {
        return model;
    }

    /** Refuses image {@code index} unless it holds c*h*w values for this encoder. */
    public void checkImage(int index, float[] image) {
        int size = inputShape[0] * inputShape[1] * inputShape[2];
        if (image == null || image.length != size) {
            throw new InvalidInputException("image " + index + " has " + (image == null ? "no" : image.length)
                    + " values; this encoder reads " + inputShape[0] + "x" + inputShape[1] + "x" + inputShape[2] + " = " + size);
        }
    }

    /**
     * L2-normalised representations of images given as {c*h*w} floats in [0, 1], channels-first
     * (as {@link org.contrastive4j.data.ImageDataset#image} gives them).
     */
    public float[][] encode(float[][] images) {
        for (int i = 0; i < images.length; i++) {
            checkImage(i, images[i]);
        }
        return Arrays.stream(Embeddings.of(model, images, inputShape)).map(Vectors::normalized).toArray(float[][]::new);
    }


    @Override
    public void close() {
        model.close();
    }
}
