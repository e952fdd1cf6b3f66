package org.contrastive4j;

import ai.djl.ndarray.NDList;

/** A part of a loss with trainable state (the bilinear A, CLIP's temperature) for the optimizer to update. */
public interface Learnable {
    /** The arrays that carry gradients and must be stepped by the optimizer. */
    NDList parameters();
}
