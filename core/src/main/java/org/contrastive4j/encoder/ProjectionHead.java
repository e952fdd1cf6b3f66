package org.contrastive4j.encoder;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * SimCLR's projection head g: a 2-layer MLP, {@code Linear(h) - BN - ReLU - Linear(out)}
 * (Chen et al. 2020; BN as in SimCLR v2 and lightly). The contrastive loss is applied to g(h);
 * the representation h before it is what transfers.
 */
public final class ProjectionHead {
    private ProjectionHead() {}

    public static Block mlp(int hidden, int out) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(out).build());
    }
}
