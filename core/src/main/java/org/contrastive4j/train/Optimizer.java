package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Updates parameters from their gradients. Unlike DJL's optimizers, its state (moments, step
 * count) can be saved and restored, which bit-exact resumption needs.
 */
public interface Optimizer {

    /**
     * One update: {@code gradients.get(i)} is the gradient of {@code parameters.get(i)}; temporaries
     * go to {@code step}. {@code decay.get(i)} says whether weight decay applies to parameter i.
     */
    default void step(List<NDArray> parameters, List<NDArray> gradients, List<Boolean> decay, double learningRate, NDManager step) {
        double[] rates = new double[parameters.size()];
        java.util.Arrays.fill(rates, learningRate);
        step(parameters, gradients, decay, rates, step);
    }

    /** One update with a learning rate per parameter (parameter groups: a pretrained text tower beside a fresh image tower). */
    void step(List<NDArray> parameters, List<NDArray> gradients, List<Boolean> decay, double[] learningRates, NDManager step);

    /** Writes the state (empty before the first step) as an encoded NDList, for checkpoints. */
    void save(OutputStream out) throws IOException;

    /** Restores what {@link #save} wrote; the arrays are copied into this optimizer's manager. */
    void load(NDList state);
}
