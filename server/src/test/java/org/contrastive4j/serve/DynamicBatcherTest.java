package org.contrastive4j.serve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches by a padded-token budget: what runs together, in what order, and who is left out. */
class DynamicBatcherTest {
    /** A fake model: each input is its length (as an int[] of that many zeros); each output row is {length}. */
    private static final class Recorder {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<long[]> observed = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        float[][] run(List<int[]> inputs) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(inputs.stream().map(i -> i.length).toList());
            return inputs.stream().map(i -> new float[] {i.length}).toArray(float[][]::new);
        }

        DynamicBatcher.Observer observer() {
            return new DynamicBatcher.Observer() {
                @Override
                public void batchRan(int inputs, long paddedCost, long inferenceNanos) {
                    observed.add(new long[] {inputs, paddedCost});
                }
            };
        }
    }

    private static List<int[]> inputs(int length, int count) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new int[length]);
        }
        return out;
    }

    /** Waits until {@code n} requests queue behind the one blocked in the model. */
    private static void awaitQueued(DynamicBatcher<int[]> b, int n) throws InterruptedException {
        for (int i = 0; i < 500 && b.queued() != n; i++) {
            Thread.sleep(10);
        }
        assertEquals(n, b.queued());
    }

    @Test
    void requestsJoinWhileTheLongestTimesTheCountStaysWithinTheBudget() throws Exception {
        Recorder model = new Recorder();
        try (DynamicBatcher<int[]> b = new DynamicBatcher<>(model::run, i -> i.length, 8, 100, 0, model.observer())) {
            CompletableFuture<float[][]> a = b.submit(inputs(5, 1));
            assertTrue(model.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<float[][]> b1 = b.submit(inputs(10, 1));
            CompletableFuture<float[][]> c = b.submit(inputs(10, 5));
            CompletableFuture<float[][]> d = b.submit(inputs(30, 1));
            CompletableFuture<float[][]> e = b.submit(inputs(2, 1));
            awaitQueued(b, 4);
            model.release.countDown();
            assertArrayEquals(new float[][] {{5}}, a.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{10}}, b1.get(10, TimeUnit.SECONDS));
            assertEquals(5, c.get(10, TimeUnit.SECONDS).length);
            assertArrayEquals(new float[][] {{30}}, d.get(10, TimeUnit.SECONDS));
            assertArrayEquals(new float[][] {{2}}, e.get(10, TimeUnit.SECONDS));
        }
        // b + c: 6 inputs x 10 = 60; adding d would be 7 x 30 = 210 > 100, so d starts the next batch, and e joins it (2 x 30)
        assertEquals(List.of(List.of(5), List.of(10, 10, 10, 10, 10, 10), List.of(30, 2)), model.batches);
        assertArrayEquals(new long[] {6, 60}, model.observed.get(1));
        assertArrayEquals(new long[] {2, 60}, model.observed.get(2));
    }

    @Test
    void aCancelledRequestLeavesItsBatchAndTheInputCountIsABoundToo() throws Exception {
        Recorder model = new Recorder();
        try (DynamicBatcher<int[]> b = new DynamicBatcher<>(model::run, i -> i.length, 4, 1_000_000, 0, DynamicBatcher.Observer.NONE)) {
            b.submit(inputs(1, 1));
            assertTrue(model.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<float[][]> gone = b.submit(inputs(7, 1));
            CompletableFuture<float[][]> x = b.submit(inputs(3, 3));
            CompletableFuture<float[][]> y = b.submit(inputs(4, 2));
            awaitQueued(b, 3);
            gone.cancel(false);
            model.release.countDown();
            assertEquals(3, x.get(10, TimeUnit.SECONDS).length);
            assertEquals(2, y.get(10, TimeUnit.SECONDS).length);
            assertTrue(gone.isCancelled());
        }
        // 3 + 2 inputs exceed the 4 allowed: y waits for the next batch; the cancelled request never runs
        assertEquals(List.of(List.of(1), List.of(3, 3, 3), List.of(4, 4)), model.batches);
    }

    @Test
    void aRequestAloneOverTheBudgetStillRuns() throws Exception {
        Recorder model = new Recorder();
        model.release.countDown();
        try (DynamicBatcher<int[]> b = new DynamicBatcher<>(model::run, i -> i.length, 64, 10, 0, DynamicBatcher.Observer.NONE)) {
            assertEquals(3, b.submit(inputs(50, 3)).get(10, TimeUnit.SECONDS).length);
        }
    }
}
