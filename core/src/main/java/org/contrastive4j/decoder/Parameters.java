package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Scoped;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named weights of a hand-built network, in creation order, initialised from one seed as GPT-2
 * does: matrices N(0, 0.02), biases 0, layer-norm gains 1. Weight decay applies to matrices only.
 */
public final class Parameters implements AutoCloseable {
    private static final double INIT_STD = 0.02;

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final SplittableRandom random;

    public Parameters(long seed) {
        this.manager = org.contrastive4j.tensor.Devices.newManager();
        this.random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    }

    public NDManager manager() {
        return manager;
    }

    /** A weight matrix (or table) of N(0, 0.02) entries. */
    public void normal(String name, long... shape) {
        normal(name, INIT_STD, shape);
    }

    public void normal(String name, double std, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            double u = 1 - random.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()) * std);
        }
        add(name, v, shape);
    }

    /** An array filled with one value (a learned scalar such as a log-temperature). */
    public void constant(String name, double value, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        java.util.Arrays.fill(v, (float) value);
        add(name, v, shape);
    }

    public void zeros(String name, long... shape) {
        add(name, new float[Math.toIntExact(new Shape(shape).size())], shape);
    }

    public void ones(String name, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        java.util.Arrays.fill(v, 1);
        add(name, v, shape);
    }

    private void add(String name, float[] values, long... shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " defined twice");
        }
        NDArray a = manager.create(values, new Shape(shape));
        a.setRequiresGradient(true);
        arrays.put(name, a);
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public List<NDArray> all() {
        return new ArrayList<>(arrays.values());
    }

    /** Decay for matrices of two or more dimensions; none for biases, gains and the learned logit scale. */
    public List<Boolean> decayMask() {
        List<Boolean> out = new ArrayList<>();
        arrays.forEach((name, a) -> out.add(a.getShape().dimension() >= 2));
        return out;
    }

    public long count() {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    public void save(DataOutputStream out) throws IOException {
        NDList list = new NDList();
        arrays.forEach((name, a) -> {
            a.setName(name);
            list.add(a);
        });
        out.write(list.encode());
    }

    /** Reads what {@link #save} wrote into the arrays in place; another layout is an error naming {@code source}. */
    public void load(DataInputStream in, String source) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList saved;
            try {
                saved = NDList.decode(scratch, in);
            } catch (RuntimeException e) {
                throw new InvalidInputException("cannot read the weights in " + source + ": " + e.getMessage(), e);
            }
            Map<String, NDArray> byName = new LinkedHashMap<>();
            saved.forEach(a -> byName.put(a.getName(), a));
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray from = byName.get(e.getKey());
                if (from == null) {
                    throw new InvalidInputException(source + " lacks the weight '" + e.getKey() + "' (was it written by another kind of model?)");
                }
                if (!from.getShape().equals(e.getValue().getShape())) {
                    throw new InvalidInputException(source + ": weight '" + e.getKey() + "' has shape " + from.getShape()
                            + ", the model needs " + e.getValue().getShape());
                }
            }
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                Scoped.copyInto(e.getValue(), byName.get(e.getKey()).toType(DataType.FLOAT32, false).toFloatArray());
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
