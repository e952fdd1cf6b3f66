package org.contrastive4j.data;

import org.contrastive4j.augment.Image;
import org.contrastive4j.augment.ViewGenerator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Batches of augmented views for step {@code start, start + 1, ...}, made ahead on worker
 * threads so augmentation overlaps the training step. Each epoch visits the images in a
 * permutation drawn from (seed, epoch); the last incomplete batch of an epoch is dropped, as
 * in-batch losses prefer full batches.
 */
public final class ViewBatches implements AutoCloseable {
    private final ImageDataset data;
    private final ViewGenerator generator;
    private final int batchSize;
    private final long seed;
    private final ExecutorService workers;
    private final Deque<CompletableFuture<ViewBatch>> ahead = new ArrayDeque<>();
    private final int depth;
    private long nextToSubmit;

    public ViewBatches(ImageDataset data, ViewGenerator generator, int batchSize, long seed, long startStep, int threads) {
        if (batchSize > data.size()) {
            throw new org.contrastive4j.InvalidInputException("batch size " + batchSize + " exceeds the " + data.size()
                    + " training images; lower batchSize or use more images");
        }
        this.data = data;
        this.generator = generator;
        this.batchSize = batchSize;
        this.seed = seed;
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "c4j-augment");
            t.setDaemon(true);
            return t;
        });
        this.depth = Math.max(2, threads + 1);
        this.nextToSubmit = startStep;
    }

    public int stepsPerEpoch() {
        return data.size() / batchSize;
    }

    /** The batch of the next step. */
    public ViewBatch next() {
        while (ahead.size() < depth) {
            long step = nextToSubmit++;
            ahead.add(CompletableFuture.supplyAsync(() -> make(step), workers));
        }
        try {
            return ahead.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The batch of any step, computed here; the same inputs always give the same batch. */
    public ViewBatch make(long step) {
        long epoch = step / stepsPerEpoch();
        int offset = (int) (step % stepsPerEpoch()) * batchSize;
        int[] order = permutation(epoch);
        int views = generator.viewCount();
        float[][] out = new float[views][];
        int[][] shapes = new int[views][];
        int[] labels = new int[batchSize];
        int[] indices = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            int index = order[offset + b];
            indices[b] = index;
            labels[b] = data.labels()[index];
            Image image = new Image(data.image(index), data.channels(), data.height(), data.width());
            Image[] v = generator.views(image, Seeds.forSample(seed, epoch, index));
            for (int k = 0; k < views; k++) {
                float[] pixels = v[k].data();
                if (out[k] == null) {
                    out[k] = new float[batchSize * pixels.length];
                    shapes[k] = new int[] {v[k].channels(), v[k].height(), v[k].width()};
                }
                System.arraycopy(pixels, 0, out[k], b * pixels.length, pixels.length);
            }
        }
        return new ViewBatch(step, out, shapes, labels, indices);
    }

    private int[] permutation(long epoch) {
        return Permutations.of(data.size(), Seeds.forEpoch(seed, epoch));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
