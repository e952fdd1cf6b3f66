package org.contrastive4j.word2vec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.train.Trainable;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * word2vec's two tables: input (word) vectors, the embedding that is kept, and output (context)
 * vectors used only by the loss. Initialised as word2vec.c does: input uniform in
 * [-0.5/d, 0.5/d], output zero.
 */
public final class WordVectors implements Trainable, AutoCloseable {
    private final NDManager manager;
    private NDArray input;
    private NDArray output;

    public WordVectors(int vocabularySize, int dimension, long seed) {
        this.manager = org.contrastive4j.tensor.Devices.newManager();
        SplittableRandom random = new SplittableRandom(seed);
        float[] init = new float[vocabularySize * dimension];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) ((random.nextDouble() - 0.5) / dimension);
        }
        this.input = manager.create(init, new Shape(vocabularySize, dimension));
        this.output = manager.zeros(new Shape(vocabularySize, dimension), DataType.FLOAT32);
        input.setRequiresGradient(true);
        output.setRequiresGradient(true);
    }

    public NDArray input() {
        return input;
    }

    public NDArray output() {
        return output;
    }

    /** The input vectors as rows, for evaluation and export. */
    public float[][] vectors() {
        int v = (int) input.getShape().get(0);
        int d = (int) input.getShape().get(1);
        float[] flat = input.toFloatArray();
        float[][] rows = new float[v][];
        for (int i = 0; i < v; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return rows;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public List<NDArray> trainableArrays() {
        return List.of(input, output);
    }

    /** No weight decay on embedding tables (word2vec has none). */
    @Override
    public List<Boolean> decayMask() {
        return List.of(false, false);
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        new NDList(input, output).encode(out);
    }

    @Override
    public void load(DataInputStream in, String source) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList list = NDList.decode(scratch, in);
            if (list.size() != 2 || !list.get(0).getShape().equals(input.getShape()) || !list.get(1).getShape().equals(output.getShape())) {
                throw new InvalidInputException(source + " does not hold word vectors of shape " + input.getShape());
            }
            NDArray newInput = manager.create(list.get(0).toFloatArray(), input.getShape());
            NDArray newOutput = manager.create(list.get(1).toFloatArray(), output.getShape());
            newInput.setRequiresGradient(true);
            newOutput.setRequiresGradient(true);
            input.close();
            output.close();
            input = newInput;
            output = newOutput;
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read word vectors from " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
