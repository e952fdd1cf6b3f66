package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextBatchesTest {

    /** 60 pairs in 20 groups of 3 (three glosses of one lemma each): dense duplicates. */
    private static List<TextPair> pairs() {
        List<TextPair> pairs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            pairs.add(new TextPair("query " + i, "lemma " + (i % 20), null, "g" + (i % 20)));
        }
        return pairs;
    }

    @Test
    void noBatchHoldsTwoPairsOfOneGroupOrOnePositive() {
        TextBatches batches = new TextBatches(pairs(), 8, 3);
        for (long step = 0; step < 3 * batches.stepsPerEpoch(); step++) {
            TextBatch b = batches.make(step);
            assertEquals(8, b.size());
            Set<String> positives = new HashSet<>(b.positives());
            assertEquals(8, positives.size(), "step " + step + ": " + b.positives());
        }
    }

    @Test
    void anEpochVisitsEachPairAtMostOnceAndBatchesDependOnlyOnSeedAndStep() {
        TextBatches a = new TextBatches(pairs(), 8, 3);
        Set<String> seen = new HashSet<>();
        for (long step = 0; step < a.stepsPerEpoch(); step++) {
            for (TextPair p : a.make(step).pairs()) {
                assertTrue(seen.add(p.anchor()), "pair seen twice in one epoch: " + p);
            }
        }
        TextBatches resumed = new TextBatches(pairs(), 8, 3);
        assertEquals(a.make(9), resumed.make(9), "a resumed run makes the same batch for a step");
        assertTrue(!a.make(0).equals(new TextBatches(pairs(), 8, 4).make(0)), "another seed, other batches");
    }

    @Test
    void replacedPairsCarryTheirNegativesIntoTheEpochsBatches() {
        TextBatches batches = new TextBatches(pairs(), 8, 3);
        List<TextPair> mined = pairs().stream().map(p -> p.withNegative("not " + p.positive())).toList();
        batches.replacePairs(mined);
        TextBatch b = batches.make(0);
        assertTrue(b.hasNegatives());
        Set<String> texts = new HashSet<>(b.positives());
        texts.addAll(b.negatives());
        assertEquals(16, texts.size(), "no negative repeats a positive or another negative of the batch");
    }

    @Test
    void aBatchLargerThanTheDataOrOfOneIsRefused() {
        assertThrows(InvalidInputException.class, () -> new TextBatches(pairs(), 100, 0));
        assertThrows(InvalidInputException.class, () -> new TextBatches(pairs(), 1, 0));
        List<TextPair> oneGroup = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            oneGroup.add(new TextPair("q" + i, "same answer", null, null));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new TextBatches(oneGroup, 4, 0).make(0));
        assertTrue(e.getMessage().contains("without duplicates"), e.getMessage());
    }
}
