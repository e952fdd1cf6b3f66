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
    void topicBatchesFillEachBatchFromOneTopicAndStillVisitEveryPairOnce() {
        // 96 distinct pairs in 4 topics of 24: batches of 8 fit each topic exactly.
        List<TextPair> pairs = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            pairs.add(new TextPair("query " + i, "lemma " + i, null, "g" + i));
        }
        TextBatches batches = new TextBatches(pairs, 8, 5, p -> "topic " + Integer.parseInt(p.group().substring(1)) % 4);
        Set<String> seen = new HashSet<>();
        List<String> firstTopics = new ArrayList<>();
        for (long step = 0; step < batches.stepsPerEpoch(); step++) {
            Set<Integer> topics = new HashSet<>();
            for (TextPair p : batches.make(step).pairs()) {
                topics.add(Integer.parseInt(p.group().substring(1)) % 4);
                assertTrue(seen.add(p.anchor()), "pair seen twice in one epoch: " + p);
            }
            assertEquals(1, topics.size(), "step " + step + " mixes topics " + topics);
            firstTopics.add(batches.make(step).pairs().get(0).group());
        }
        assertEquals(96, seen.size());
        List<String> sequential = new ArrayList<>(firstTopics);
        sequential.sort(java.util.Comparator.comparingInt(g -> Integer.parseInt(g.substring(1)) % 4));
        assertTrue(!firstTopics.equals(sequential), "the batches of one topic are not visited back to back: " + firstTopics);
        TextBatches again = new TextBatches(pairs, 8, 5, p -> "topic " + Integer.parseInt(p.group().substring(1)) % 4);
        assertEquals(batches.make(7), again.make(7), "same seed, same batches");
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
