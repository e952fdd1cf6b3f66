package org.contrastive4j.encoder;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.precision.Precision;
import org.contrastive4j.tensor.ChannelsLast;
import org.contrastive4j.train.Trainable;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An image encoder f (the backbone, whose output h is the representation) with a projection
 * head g on top (the loss sees z = g(h)). Owns the NDManager of its parameters.
 */
public final class ImageModel implements Trainable, AutoCloseable {
    private final NDManager manager;
    private final Block backbone;
    private final Block head;
    private final SequentialBlock full;
    private final ParameterStore store;
    private final SmallResNet.Config config;
    private final boolean ownsManager;

    private ImageModel(NDManager manager, Block backbone, Block head, SmallResNet.Config config) {
        this(manager, backbone, head, config, true);
    }

    private ImageModel(NDManager manager, Block backbone, Block head, SmallResNet.Config config, boolean ownsManager) {
        this.ownsManager = ownsManager;
        this.manager = manager;
        this.backbone = backbone;
        this.head = head;
        this.full = new SequentialBlock().add(backbone).add(head);
        this.store = new ParameterStore(manager, false);
        this.config = config;
    }

    /**
     * A freshly initialised model; {@code seed} fixes the initial weights.
     *
     * @param inputShape {c, h, w} of the images
     */
    public static ImageModel create(SmallResNet.Config config, int headHidden, int headOut, int[] inputShape, long seed) {
        return create(config, ProjectionHead.mlp(headHidden, headOut), inputShape, seed);
    }

    /** A freshly initialised model with the given head (e.g. DINO's). */
    public static ImageModel create(SmallResNet.Config config, Block head, int[] inputShape, long seed) {
        NDManager manager = org.contrastive4j.tensor.Devices.newManager();
        Block backbone = SmallResNet.build(config);
        ImageModel model = new ImageModel(manager, backbone, head, config);
        Engine.getInstance().setRandomSeed(Math.toIntExact(Math.floorMod(seed, Integer.MAX_VALUE)));
        model.full.initialize(manager, DataType.FLOAT32, new Shape(1, inputShape[0], inputShape[1], inputShape[2]));
        for (Parameter p : model.parameters()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
        return model;
    }

    /**
     * This model's backbone (the same weights, trained in place) under a new head, initialised
     * from {@code seed}: how a method puts its projection head on an encoder. The result shares
     * this model's manager; closing it leaves this model open.
     */
    public ImageModel withHead(Block newHead, long seed) {
        Engine.getInstance().setRandomSeed(Math.toIntExact(Math.floorMod(seed, Integer.MAX_VALUE)));
        newHead.initialize(manager, DataType.FLOAT32, new Shape(1, representationSize()));
        newHead.getParameters().forEach(pair -> {
            if (pair.getValue().requiresGradient()) {
                pair.getValue().getArray().setRequiresGradient(true);
            }
        });
        return new ImageModel(manager, backbone, newHead, config, false);
    }

    /**
     * The format of the backbone's convolutions from now on ({@link Precision#BF16}: on the CPU's
     * bfloat16 units, float32 in and out; batch norm, the head and the weights stay float32).
     * Shared with every model made by {@link #withHead} from the same backbone.
     */
    public void setPrecision(Precision precision) {
        PrecisionConv2d.setPrecision(backbone, precision);
    }

    public SmallResNet.Config config() {
        return config;
    }

    public int representationSize() {
        return config.outputSize();
    }

    /** h = f(x) for images [N][c][h][w]. */
    public NDArray represent(NDArray images, boolean training) {
        return backbone.forward(store, new NDList(ChannelsLast.of(images)), training).singletonOrThrow();
    }

    /** z = g(h) for representations h = f(x) already computed. */
    public NDArray projectRepresentation(NDArray representation, boolean training) {
        return head.forward(store, new NDList(representation), training).singletonOrThrow();
    }

    /** z = g(f(x)). */
    public NDArray project(NDArray images, boolean training) {
        return full.forward(store, new NDList(ChannelsLast.of(images)), training).singletonOrThrow();
    }

    /** Every parameter, trainable or not (BN running statistics included), in a fixed order. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        full.getParameters().forEach(pair -> list.add(pair.getValue()));
        return list;
    }

    /** The backbone's parameters by their names inside the backbone (BN running statistics included), in a fixed order. */
    public java.util.Map<String, Parameter> backboneParameters() {
        java.util.Map<String, Parameter> map = new java.util.LinkedHashMap<>();
        backbone.getParameters().forEach(pair -> map.put(pair.getKey(), pair.getValue()));
        return map;
    }

    /** The parameter of that name (the block's own name, e.g. {@link DinoHead#PROTOTYPES}). */
    public Parameter parameter(String name) {
        return parameters().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model has no parameter named " + name));
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public List<NDArray> trainableArrays() {
        List<NDArray> list = new ArrayList<>();
        for (Parameter p : parameters()) {
            if (p.requiresGradient()) {
                list.add(p.getArray());
            }
        }
        return list;
    }

    /** Convolution and linear weights decay; biases and BN scales do not (as SimCLR). */
    @Override
    public List<Boolean> decayMask() {
        List<Boolean> list = new ArrayList<>();
        for (Parameter p : parameters()) {
            if (p.requiresGradient()) {
                list.add(p.getType() == Parameter.Type.WEIGHT);
            }
        }
        return list;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        full.saveParameters(out);
    }

    /** Loads weights saved by {@link #save}; a file of another shape or a corrupt one is an InvalidInputException. */
    @Override
    public void load(DataInputStream in, String source) {
        try {
            full.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InvalidInputException("cannot load model weights from " + source + ": " + e.getMessage()
                    + " (is it a checkpoint of this model shape, " + config + "?)", e);
        }
        for (Parameter p : parameters()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
