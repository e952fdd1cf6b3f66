package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the {@link Trainer} needs of a model: the arrays it updates and how to write and read its weights. */
public interface Trainable {

    /** The manager that owns the weights; each step opens a child of it. */
    NDManager manager();

    /**
     * The arrays the optimizer updates, in a fixed order (the optimizer's state is matched by
     * position). Asked for at every step: loading weights may replace the arrays.
     */
    List<NDArray> trainableArrays();

    /** Whether weight decay applies to each of {@link #trainableArrays()} (weights yes, biases and norms no). */
    List<Boolean> decayMask();

    /**
     * A factor on the learning rate for each of {@link #trainableArrays()} (all 1 by default):
     * parameter groups, e.g. a pretrained text tower trained slower than a fresh image tower.
     */
    default List<Double> learningRateScales() {
        return java.util.Collections.nCopies(trainableArrays().size(), 1.0);
    }

    /** Writes every weight (normalisation statistics included) for a checkpoint. */
    void save(DataOutputStream out) throws IOException;

    /** Reads what {@link #save} wrote; a file of another shape or a corrupt one is an InvalidInputException naming {@code source}. */
    void load(DataInputStream in, String source);

    /**
     * Reads {@code file}, written by {@link #save}, into {@code model}; on any failure closes the
     * model and throws an InvalidInputException naming the file. Returns the model.
     */
    static <T extends Trainable & AutoCloseable> T readWeights(T model, Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            model.load(new DataInputStream(in), file.toString());
        } catch (Exception e) {
            try {
                model.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return model;
    }
}
