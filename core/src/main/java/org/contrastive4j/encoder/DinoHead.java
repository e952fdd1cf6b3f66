package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.contrastive4j.tensor.Scoped;

/**
 * DINO's projection head (Caron et al. 2021): a 3-layer MLP with GELU down to a bottleneck,
 * L2 normalisation, then a weight-normalised linear layer to K outputs whose norm is fixed to 1
 * (the paper's {@code norm_last_layer}): each output is the cosine between the bottleneck
 * vector and one learned prototype direction. Batch norm follows the hidden layers (the
 * reference code's {@code use_bn_in_head}): a convolutional backbone's pooled ReLU features
 * share a large positive mean, which without it gives every image nearly the same bottleneck
 * vector, so the centred teacher output is near uniform and nothing is learned.
 */
public final class DinoHead extends AbstractBlock {
    /** The name of the prototype matrix [K][bottleneck] among the model's parameters. */
    public static final String PROTOTYPES = "prototypes";

    private final SequentialBlock mlp;
    private final Parameter prototypes;
    private final int outputs;

    public DinoHead(int hidden, int bottleneck, int outputs) {
        this.outputs = outputs;
        this.mlp = addChildBlock("mlp", new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.geluBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.geluBlock())
                .add(Linear.builder().setUnits(bottleneck).build()));
        this.prototypes = addParameter(Parameter.builder().setName(PROTOTYPES).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outputs, bottleneck)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = mlp.forward(store, inputs, training, params).singletonOrThrow().normalize(2, 1, 1e-12);
        NDArray v = store.getValue(prototypes, x.getDevice(), training);
        // Normalising the parameter puts the result in the parameter's manager: move it to the step's.
        NDArray w = Scoped.ownedLike(v.normalize(2, 1, 1e-12), x);
        return new NDList(x.matMul(w.transpose()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        mlp.initialize(manager, dataType, inputShapes);
    }
}
