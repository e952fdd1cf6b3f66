package org.contrastive4j.data;

/** A training batch: what the trainer counts in its rate (images, texts, pairs). */
public interface Batch {
    /** The number of examples in the batch. */
    int size();

    /** The training step the batch was made for. */
    long step();
}
