package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;

/**
 * MoCo's dictionary: a FIFO queue of the last {@code capacity} keys [K][d]. Each step's keys
 * replace the oldest entries, wrapping around the end of the buffer; it starts full of random
 * unit vectors, as the reference code does. Keys carry no gradient.
 */
public final class KeyQueue {
    private final NDManager manager;
    private NDArray keys;
    private int pointer;

    public KeyQueue(NDManager manager, int capacity, int dimension, long seed) {
        this.manager = manager;
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) Math.floorMod(seed, Integer.MAX_VALUE));
        try (NDManager scratch = manager.newSubManager()) {
            NDArray init = scratch.randomNormal(new Shape(capacity, dimension)).normalize(2, 1, 1e-12);
            this.keys = manager.create(init.toFloatArray(), init.getShape());
        }
    }

    public int capacity() {
        return (int) keys.getShape().get(0);
    }

    /** Where the next key will be written. */
    public int pointer() {
        return pointer;
    }

    /** The queue as it is, for the loss (no gradient flows into it). */
    public NDArray keys() {
        return keys;
    }

    /** Writes {@code batch} [N][d] over the oldest N keys, wrapping around. */
    public void enqueue(NDArray batch) {
        int n = (int) batch.getShape().get(0);
        if (n > capacity()) {
            throw new InvalidInputException("a batch of " + n + " keys does not fit a queue of " + capacity());
        }
        NDArray values = batch.stopGradient().toType(DataType.FLOAT32, false);
        int first = Math.min(n, capacity() - pointer);
        keys.set(new NDIndex(pointer + ":" + (pointer + first)), values.get("0:" + first));
        if (first < n) {
            keys.set(new NDIndex("0:" + (n - first)), values.get(first + ":" + n));
        }
        pointer = (pointer + n) % capacity();
    }

    /** The keys and the pointer, for checkpoints; the pointer's array goes to {@code scratch}. */
    public NDList state(NDManager scratch) {
        return new NDList(keys, scratch.create(new int[] {pointer}));
    }

    public void restore(NDList state, String source) {
        if (state.size() != 2 || !state.get(0).getShape().equals(keys.getShape())) {
            throw new InvalidInputException(source + " does not hold a key queue of shape " + keys.getShape());
        }
        NDArray restored = manager.create(state.get(0).toFloatArray(), keys.getShape());
        keys.close();
        keys = restored;
        pointer = state.get(1).toIntArray()[0];
    }
}
