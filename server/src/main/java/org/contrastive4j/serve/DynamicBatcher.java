package org.contrastive4j.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Dynamic batching for concurrent requests, by a budget as Text Embeddings Inference does: one
 * worker thread takes the waiting requests in order while the batch's padded cost (its longest
 * input's length times its number of inputs) stays within {@code maxCost} and its inputs within
 * {@code maxInputs}, runs them through the model as one batch and completes each request with its
 * own rows. A request alone over the budget runs on its own (the model function splits it). With a
 * window of 0 the worker takes only what is already queued, so a lone client never waits. Requests
 * that are cancelled (timed out, or their client gone) leave the batch before it runs. The model is
 * only ever called from the worker thread.
 */
public final class DynamicBatcher<T> implements AutoCloseable {
    /** What the batcher reports, for metrics. */
    public interface Observer {
        Observer NONE = new Observer() {};

        default void batchRan(int inputs, long paddedCost, long inferenceNanos) {}

        default void waited(long queueNanos) {}
    }

    private record Pending<T>(List<T> inputs, int longest, CompletableFuture<float[][]> result, long queuedAt) {}

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, float[][]> model;
    private final ToIntFunction<T> length;
    private final int maxInputs;
    private final long maxCost;
    private final long windowNanos;
    private final Observer observer;
    private final Thread worker;
    private volatile Pending<T> carried;
    private volatile boolean running = true;

    /**
     * @param model     embeds a batch of inputs (token ids, images) in order
     * @param length    an input's cost per row (its token count; 1 for an image)
     * @param maxInputs most inputs per batch
     * @param maxCost   most padded cost per batch (longest length x inputs)
     */
    public DynamicBatcher(Function<List<T>, float[][]> model, ToIntFunction<T> length, int maxInputs, long maxCost, long windowMillis,
                          Observer observer) {
        this.model = model;
        this.length = length;
        this.maxInputs = maxInputs;
        this.maxCost = maxCost;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.observer = observer;
        this.worker = new Thread(this::loop, "c4j-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Embeds {@code inputs} as part of whatever batch is being formed. */
    public CompletableFuture<float[][]> submit(List<T> inputs) {
        CompletableFuture<float[][]> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the server is shutting down"));
            return f;
        }
        int longest = inputs.stream().mapToInt(length).max().orElse(0);
        queue.add(new Pending<>(inputs, longest, f, System.nanoTime()));
        return f;
    }

    /** Requests waiting for a batch. */
    public int queued() {
        return queue.size() + (carried == null ? 0 : 1);
    }

    private void loop() {
        while (running || carried != null || !queue.isEmpty()) {
            try {
                Pending<T> first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null || first.result().isDone()) {
                    continue;
                }
                List<Pending<T>> batch = new ArrayList<>();
                batch.add(first);
                int count = first.inputs().size();
                int longest = first.longest();
                long deadline = System.nanoTime() + windowNanos;
                while (count < maxInputs) {
                    long left = deadline - System.nanoTime();
                    Pending<T> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next.result().isDone()) {
                        continue;
                    }
                    int n = count + next.inputs().size();
                    if (n > maxInputs || (long) Math.max(longest, next.longest()) * n > maxCost) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    count = n;
                    longest = Math.max(longest, next.longest());
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(List<Pending<T>> taken) {
        List<Pending<T>> batch = taken.stream().filter(p -> !p.result().isDone()).toList();
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        batch.forEach(p -> observer.waited(start - p.queuedAt()));
        List<T> inputs = new ArrayList<>();
        batch.forEach(p -> inputs.addAll(p.inputs()));
        try {
            float[][] all = model.apply(inputs);
            long longest = batch.stream().mapToInt(Pending::longest).max().orElse(0);
            observer.batchRan(inputs.size(), longest * inputs.size(), System.nanoTime() - start);
            int offset = 0;
            for (Pending<T> p : batch) {
                p.result().complete(Arrays.copyOfRange(all, offset, offset + p.inputs().size()));
                offset += p.inputs().size();
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Stops taking requests, finishes those already queued. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }
}
