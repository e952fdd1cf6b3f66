package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.loss.ClipLoss;
import org.contrastive4j.train.Trainable;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CLIP's two towers: a small ResNet with a linear projection for images, and MiniLM with a
 * linear projection for text, into one joint space; plus the learnable log-scale of the loss.
 * The text tower's first {@code layers - tunedTextLayers} layers are frozen: their output for
 * each caption is computed once and kept, so a frozen tower costs nothing per step and a
 * partly tuned one runs only its top layers.
 */
public final class ClipModel implements Trainable, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_FILE = "clip.json";

    /** The shape of the towers: image encoder and input, joint dimension, MiniLM layers tuned (0 = frozen). */
    public record Config(SmallResNet.Config image, int[] inputShape, int jointDim, int tunedTextLayers) {
        public Config {
            if (jointDim < 1) {
                throw new InvalidInputException("the joint dimension must be positive, got " + jointDim);
            }
        }
    }

    private final Config config;
    private final ImageModel image;
    private final TextModel text;
    private final NDArray textProjection;
    private final ClipLoss loss;
    private final int frozenLayers;
    private final Map<String, float[]> frozenStates = new HashMap<>();
    private double textLearningRateScale = 1;

    private ClipModel(Config config, ImageModel image, TextModel text, long seed) {
        int layers = text.encoder().config().layers();
        this.config = config;
        this.image = image;
        this.text = text;
        this.frozenLayers = layers - config.tunedTextLayers();
        int hidden = text.dimension();
        // N(0, hidden^-1/2), as CLIP initialises its projections.
        float[] w = new float[hidden * config.jointDim()];
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double std = 1 / Math.sqrt(hidden);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (gaussian(random) * std);
        }
        this.textProjection = image.manager().create(w, new Shape(hidden, config.jointDim()));
        this.textProjection.setRequiresGradient(true);
        this.loss = new ClipLoss(image.manager());
    }

    /**
     * Fresh towers: an initialised image tower (from {@code seed}), the given text model (owned
     * from now on, closed if this fails), a random text projection.
     */
    public static ClipModel create(Config config, TextModel text, long seed) {
        int layers = text.encoder().config().layers();
        if (config.tunedTextLayers() < 0 || config.tunedTextLayers() > layers) {
            text.close();
            throw InvalidInputException.parameter("textTuneLayers", "must be between 0 and " + layers + ", got " + config.tunedTextLayers());
        }
        ImageModel image = ImageModel.create(config.image(),
                Linear.builder().setUnits(config.jointDim()).optBias(false).build(), config.inputShape(), seed);
        return new ClipModel(config, image, text, seed);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public Config config() {
        return config;
    }

    public ImageModel image() {
        return image;
    }

    public TextModel text() {
        return text;
    }

    public ClipLoss loss() {
        return loss;
    }

    /** Image embeddings [N][joint] (not normalised) of images [N][c][h][w]. */
    public NDArray imageTower(NDArray images, boolean training) {
        return image.project(images, training);
    }

    /** Text embeddings [N][joint] (not normalised); dropout acts only in tuned layers while training. */
    public NDArray textTower(NDManager step, List<String> texts, boolean training) {
        return topOf(step, frozenStates(texts), training);
    }

    /** The tuned layers, pooling and projection over frozen-layer outputs [tokens * hidden] each. */
    private NDArray topOf(NDManager step, List<float[]> states, boolean training) {
        int hidden = text.dimension();
        int len = states.stream().mapToInt(s -> s.length / hidden).max().orElse(0);
        float[] padded = new float[states.size() * len * hidden];
        long[] mask = new long[states.size() * len];
        for (int i = 0; i < states.size(); i++) {
            float[] s = states.get(i);
            System.arraycopy(s, 0, padded, i * len * hidden, s.length);
            Arrays.fill(mask, i * len, i * len + s.length / hidden, 1);
        }
        NDArray x = step.create(padded, new Shape(states.size(), len, hidden));
        NDArray m = step.create(mask, new Shape(states.size(), len));
        BertEncoder encoder = text.encoder();
        NDArray top = encoder.continueFrom(x, m, frozenLayers, encoder.config().layers(), training);
        return encoder.pool(top, m).matMul(textProjection);
    }

    /**
     * The output of the frozen layers for each text [tokens * hidden], computed once per distinct
     * text, alone: padded with other texts, its numbers would depend on the batch it first came in
     * (rounding), and a resumed run would not repeat the uninterrupted one bit for bit.
     */
    private List<float[]> frozenStates(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(frozenStates.computeIfAbsent(t, this::computeFrozenStates));
        }
        return out;
    }

    private float[] computeFrozenStates(String caption) {
        return frozenStatesOf(text.tokenizer().encodeAll(List.of(caption))[0]);
    }

    private float[] frozenStatesOf(long[] tokens) {
        try (NDManager scratch = image.manager().newSubManager()) {
            Shape shape = new Shape(1, tokens.length);
            long[] ones = new long[tokens.length];
            Arrays.fill(ones, 1);
            return text.encoder().statesAfter(scratch.create(tokens, shape), scratch.zeros(shape, DataType.INT64),
                    scratch.create(ones, shape), frozenLayers, false).toFloatArray();
        }
    }

    /** L2-normalised image embeddings in inference mode, in batches. */
    public float[][] embedImages(float[][] images) {
        int[] s = config.inputShape();
        int size = s[0] * s[1] * s[2];
        float[][] out = new float[images.length][];
        for (int start = 0; start < images.length; start += 512) {
            int b = Math.min(512, images.length - start);
            float[] pixels = new float[b * size];
            for (int i = 0; i < b; i++) {
                if (images[start + i].length != size) {
                    throw new InvalidInputException("image " + (start + i) + " has " + images[start + i].length
                            + " values; this CLIP model reads " + Arrays.toString(s) + " = " + size);
                }
                System.arraycopy(images[start + i], 0, pixels, i * size, size);
            }
            try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter();
                 NDManager step = image.manager().newSubManager()) {
                NDArray z = imageTower(step.create(pixels, new Shape(b, s[0], s[1], s[2])), false).normalize(2, 1, 1e-12);
                copyRows(z.toFloatArray(), out, start, b);
            }
        }
        return out;
    }

    /** L2-normalised text embeddings in inference mode, in batches. */
    public float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += 256) {
            int b = Math.min(256, texts.size() - start);
            try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter();
                 NDManager step = image.manager().newSubManager()) {
                NDArray z = textTower(step, texts.subList(start, start + b), false).normalize(2, 1, 1e-12);
                copyRows(z.toFloatArray(), out, start, b);
            }
        }
        return out;
    }

    /**
     * L2-normalised text embeddings of token ids (the text tower's tokenizer's) in inference mode,
     * remembering nothing: what a server calls, where texts never repeat and a cache would only grow.
     */
    public float[][] embedTokens(long[][] tokens) {
        float[][] out = new float[tokens.length][];
        try (org.contrastive4j.tensor.NoGrad noGrad = org.contrastive4j.tensor.NoGrad.enter();
             NDManager step = image.manager().newSubManager()) {
            List<float[]> states = new ArrayList<>(tokens.length);
            for (long[] t : tokens) {
                states.add(frozenStatesOf(t));
            }
            copyRows(topOf(step, states, false).normalize(2, 1, 1e-12).toFloatArray(), out, 0, tokens.length);
        }
        return out;
    }

    private void copyRows(float[] flat, float[][] out, int start, int rows) {
        int d = config.jointDim();
        for (int i = 0; i < rows; i++) {
            out[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
    }

    private List<String> tunedNames() {
        List<String> names = new ArrayList<>();
        for (String name : text.encoder().parameters().keySet()) {
            if (name.startsWith("encoder.layer.")) {
                int layer = Integer.parseInt(name.substring("encoder.layer.".length(), name.indexOf('.', "encoder.layer.".length())));
                if (layer >= frozenLayers) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public NDManager manager() {
        return image.manager();
    }

    /** Image tower, text projection, log-scale, then the tuned text layers. */
    @Override
    public List<NDArray> trainableArrays() {
        List<NDArray> list = new ArrayList<>(image.trainableArrays());
        list.add(textProjection);
        list.add(loss.logScale());
        Map<String, NDArray> textParams = text.encoder().parameters();
        for (String name : tunedNames()) {
            list.add(textParams.get(name));
        }
        return list;
    }

    /** The tuned text layers' learning rate as a factor of the run's (1: the same). */
    public void setTextLearningRateScale(double scale) {
        if (!(scale > 0)) {
            throw new InvalidInputException("the text learning rate must be positive, got a scale of " + scale);
        }
        this.textLearningRateScale = scale;
    }

    /** 1 for the image tower, the projections and t; the text scale for the tuned MiniLM layers. */
    @Override
    public List<Double> learningRateScales() {
        List<Double> list = new ArrayList<>(java.util.Collections.nCopies(image.trainableArrays().size() + 2, 1.0));
        list.addAll(java.util.Collections.nCopies(tunedNames().size(), textLearningRateScale));
        return list;
    }

    @Override
    public List<Boolean> decayMask() {
        List<Boolean> list = new ArrayList<>(image.decayMask());
        list.add(true);
        list.add(false);
        for (String name : tunedNames()) {
            list.add(!name.endsWith(".bias") && !name.contains("LayerNorm"));
        }
        return list;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        image.save(out);
        NDList rest = new NDList(textProjection, loss.logScale());
        Map<String, NDArray> textParams = text.encoder().parameters();
        for (String name : tunedNames()) {
            rest.add(textParams.get(name));
        }
        out.write(rest.encode());
    }

    @Override
    public void load(DataInputStream in, String source) {
        image.load(in, source);
        List<NDArray> targets = new ArrayList<>(List.of(textProjection, loss.logScale()));
        Map<String, NDArray> textParams = text.encoder().parameters();
        tunedNames().forEach(n -> targets.add(textParams.get(n)));
        try (NDManager scratch = image.manager().newSubManager()) {
            NDList saved = NDList.decode(scratch, in);
            if (saved.size() != targets.size()) {
                throw new InvalidInputException(source + " holds " + saved.size() + " text-side arrays, this CLIP model has "
                        + targets.size() + " (was it saved with other textTuneLayers?)");
            }
            for (int i = 0; i < targets.size(); i++) {
                NDArray from = saved.get(i);
                if (!from.getShape().equals(targets.get(i).getShape())) {
                    throw new InvalidInputException(source + ": text-side array " + i + " has shape " + from.getShape()
                            + ", the model needs " + targets.get(i).getShape());
                }
                org.contrastive4j.tensor.Scoped.copyInto(targets.get(i), from.toType(DataType.FLOAT32, false).toFloatArray());
            }
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read the CLIP text side from " + source + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds a CLIP model (what {@link #save(Path)} writes). */
    public static boolean isClipModel(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(CONFIG_FILE));
    }

    /** Writes the model into {@code dir}: clip.json, weights.bin, and text/ when text layers were tuned. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("image_channels", config.image().inChannels());
        c.put("image_stem", config.image().stemWidth());
        c.put("image_widths", config.image().widths());
        c.put("image_blocks", config.image().blocksPerStage());
        c.put("input_shape", config.inputShape());
        c.put("joint_dim", config.jointDim());
        c.put("tuned_text_layers", config.tunedTextLayers());
        c.put("logit_scale", loss.scale());
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG_FILE).toFile(), c);
        if (config.tunedTextLayers() > 0) {
            text.save(dir.resolve("text"));
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("weights.bin"))))) {
            save(out);
        }
    }

    /** Reads a model written by {@link #save(Path)}. */
    public static ClipModel load(Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException(dir + " is not a CLIP model directory: it lacks " + CONFIG_FILE
                    + " (write one with 'c4j train clip')");
        }
        Config config;
        try {
            var node = JSON.readTree(configFile.toFile());
            int[] widths = JSON.treeToValue(node.get("image_widths"), int[].class);
            SmallResNet.Config image = new SmallResNet.Config(node.get("image_channels").asInt(), node.get("image_stem").asInt(),
                    widths, node.get("image_blocks").asInt());
            config = new Config(image, JSON.treeToValue(node.get("input_shape"), int[].class), node.get("joint_dim").asInt(),
                    node.get("tuned_text_layers").asInt());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        TextModel text = config.tunedTextLayers() > 0 ? TextModel.load(dir.resolve("text")) : TextModel.miniLm();
        return Trainable.readWeights(create(config, text, 0), dir.resolve("weights.bin"));
    }

    @Override
    public void close() {
        image.close();
        text.close();
    }
}
