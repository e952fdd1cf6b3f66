package org.contrastive4j.data;

import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.testing.TinySimClr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ViewBatchesTest {
    private final ImageDataset data = TinySimClr.randomImages(50, 2);
    private final ViewGenerator views = ViewGenerator.twoViews(ViewTransform.simclr(12).build());

    @Test
    void sameSeedSameBatchesWhateverTheThreadCount() {
        try (ViewBatches one = new ViewBatches(data, views, 8, 5, 0, 1);
             ViewBatches three = new ViewBatches(data, views, 8, 5, 0, 3)) {
            for (int step = 0; step < 12; step++) {
                ViewBatch a = one.next();
                ViewBatch b = three.next();
                assertEquals(step, a.step());
                assertArrayEquals(a.indices(), b.indices());
                assertArrayEquals(a.views()[0], b.views()[0]);
                assertArrayEquals(a.views()[1], b.views()[1]);
            }
        }
    }

    @Test
    void epochsArePermutationsAndStartingLateReplaysTheSameBatch() {
        try (ViewBatches batches = new ViewBatches(data, views, 10, 5, 0, 2);
             ViewBatches late = new ViewBatches(data, views, 10, 5, 7, 2)) {
            boolean[] seen = new boolean[50];
            for (int step = 0; step < 5; step++) {
                for (int i : batches.make(step).indices()) {
                    assertFalse(seen[i], "index " + i + " twice in one epoch");
                    seen[i] = true;
                }
            }
            assertArrayEquals(batches.make(7).views()[1], late.next().views()[1]);
            assertFalse(java.util.Arrays.equals(batches.make(0).indices(), batches.make(5).indices()), "a new order each epoch");
        }
    }
}
