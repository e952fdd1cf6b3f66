package org.contrastive4j.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dynamic batching for concurrent requests: one worker thread takes the first waiting request,
 * waits up to {@code windowMillis} for more (until {@code maxBatch} texts), runs them through
 * the model as one batch and completes each request with its own rows. Under load the batches
 * fill up, so throughput grows with concurrency; alone, a request waits at most the window.
 * The model is only ever called from the worker thread.
 */
public final class DynamicBatcher<T> implements AutoCloseable {
    private record Pending<T>(List<T> texts, CompletableFuture<float[][]> result) {}

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, float[][]> model;
    private final int maxBatch;
    private final long windowNanos;
    private final Thread worker;
    private volatile boolean running = true;

    /** @param model embeds a batch of inputs (texts, or token ids) in order */
    public DynamicBatcher(Function<List<T>, float[][]> model, int maxBatch, long windowMillis) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.worker = new Thread(this::loop, "c4j-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Embeds {@code texts} as part of whatever batch is being formed. */
    public CompletableFuture<float[][]> submit(List<T> texts) {
        CompletableFuture<float[][]> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the server is shutting down"));
            return f;
        }
        queue.add(new Pending<>(texts, f));
        return f;
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending<T>> batch = new ArrayList<>();
                batch.add(first);
                int count = first.texts().size();
                long deadline = System.nanoTime() + windowNanos;
                while (count < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<T> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    count += next.texts().size();
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(List<Pending<T>> taken) {
        // a request that timed out (cancelled) leaves its batch
        List<Pending<T>> batch = taken.stream().filter(p -> !p.result().isDone()).toList();
        if (batch.isEmpty()) {
            return;
        }
        int count = batch.stream().mapToInt(p -> p.texts().size()).sum();
        List<T> texts = new ArrayList<>(count);
        batch.forEach(p -> texts.addAll(p.texts()));
        try {
            float[][] all = model.apply(texts);
            int offset = 0;
            for (Pending<T> p : batch) {
                p.result().complete(java.util.Arrays.copyOfRange(all, offset, offset + p.texts().size()));
                offset += p.texts().size();
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
