package org.contrastive4j.tensor;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd off for the calling thread until closed, then as it was. PyTorch's grad mode is per
 * thread and DJL turns it off only on the thread that starts the engine: on any other thread (a
 * server's worker, a Spark task) inference would record a graph, and an in-place copy into a
 * parameter would fail.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
