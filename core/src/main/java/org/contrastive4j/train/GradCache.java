package org.contrastive4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gradient caching for in-batch contrastive losses (Gao, Zhang, Han and Callan 2021, "Scaling
 * Deep Contrastive Learning Batch Size under Memory Limited Setup"). The loss needs every
 * representation of the batch at once, but the encoder's activations need not be held for all
 * of them:
 * <ol>
 *   <li>encode the batch chunk by chunk without a graph, keeping only the representations r;</li>
 *   <li>compute the loss on r and backpropagate to r only, caching dL/dr;</li>
 *   <li>re-encode each chunk with a graph and backpropagate {@code sum(r_chunk * dL/dr_chunk)},
 *       which accumulates exactly the chunk's share of dL/dtheta in the parameters.</li>
 * </ol>
 * Peak activation memory is that of one chunk (each chunk's arrays live in a manager closed
 * after it); the parameter gradients equal those of the
 * uncached loss on the same batch. Random ops (dropout) draw the same masks in steps 1 and 3:
 * each chunk's encoding starts from its own seed.
 */
public final class GradCache {

    /** Encodes rows [from, to) of one side of the batch (queries, or documents...). */
    @FunctionalInterface
    public interface ChunkEncoder {
        NDArray encode(NDManager manager, int from, int to);
    }

    private final int chunkSize;
    private final long seed;

    public GradCache(int chunkSize, long seed) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.seed = seed;
    }

    /**
     * One cached step: leaves dL/dtheta accumulated in the parameters' gradients and returns
     * the loss value.
     *
     * @param sides one encoder per side of the batch, each with {@code batchSize} rows
     * @param loss the in-batch loss over the full representations, one array per side
     */
    public double step(NDManager manager, List<ChunkEncoder> sides, int batchSize, Function<List<NDArray>, NDArray> loss) {
        int[] sizes = new int[sides.size()];
        java.util.Arrays.fill(sizes, batchSize);
        return step(manager, sides, sizes, loss);
    }

    /** As {@link #step(NDManager, List, int, Function)} with a row count per side (e.g. fewer hard negatives). */
    public double step(NDManager manager, List<ChunkEncoder> sides, int[] sizes, Function<List<NDArray>, NDArray> loss) {
        List<NDArray> representations = new ArrayList<>();
        for (int s = 0; s < sides.size(); s++) {
            int batchSize = sizes[s];
            NDList chunks = new NDList();
            for (int from = 0, c = 0; from < batchSize; from += chunkSize, c++) {
                seedChunk(s, c);
                // Each chunk's activations live in their own manager, freed as soon as its representations are kept.
                try (NDManager chunk = manager.newSubManager()) {
                    NDArray r = sides.get(s).encode(chunk, from, Math.min(batchSize, from + chunkSize)).stopGradient();
                    r.attach(manager);
                    chunks.add(r);
                }
            }
            NDArray r = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 0);
            r.setRequiresGradient(true);
            representations.add(r);
        }

        double value;
        List<NDArray> cached = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(representations);
            collector.backward(l);
            value = l.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
        for (NDArray r : representations) {
            NDArray g = r.getGradient();
            g.attach(manager);
            cached.add(g.duplicate());
        }

        for (int s = 0; s < sides.size(); s++) {
            int batchSize = sizes[s];
            for (int from = 0, c = 0; from < batchSize; from += chunkSize, c++) {
                int to = Math.min(batchSize, from + chunkSize);
                seedChunk(s, c);
                try (NDManager chunk = manager.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray r = sides.get(s).encode(chunk, from, to);
                    collector.backward(r.mul(cached.get(s).get(from + ":" + to)).sum());
                }
            }
        }
        return value;
    }

    private void seedChunk(int side, int chunk) {
        Engine.getInstance().setRandomSeed((int) ((seed * 1_000_003L + side * 10_007L + chunk) & 0x7fffffff));
    }
}
