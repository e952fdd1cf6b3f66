package org.contrastive4j.mining;

import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.TextModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardNegativeMinerTest {
    private static TextModel model;

    @BeforeAll
    static void load() {
        model = TextModel.miniLm();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static final List<TextPair> PAIRS = List.of(
            new TextPair("a large body of salt water", "ocean", null, "sea"),
            new TextPair("a large body of salt water partly enclosed by land", "sea", null, "sea"),
            new TextPair("a small domesticated feline kept as a pet", "cat", null, "cat"),
            new TextPair("a young domestic cat", "kitten", null, "kitten"),
            new TextPair("a motor vehicle with four wheels", "car", null, "car"),
            new TextPair("a domesticated carnivorous canine", "dog", null, "dog"));

    @Test
    void neverMinesAKnownPositiveAndKeepsTheMargin() {
        List<String> candidates = PAIRS.stream().map(TextPair::positive).toList();
        double margin = 0.05;
        HardNegativeMiner.Result r = new HardNegativeMiner(margin, 10, 8).mine(model, PAIRS, candidates);
        assertEquals(PAIRS.size(), r.pairs().size());
        for (TextPair p : r.pairs()) {
            assertNotEquals(p.positive(), p.negative());
            if (p.group().equals("sea")) {
                assertTrue(p.negative() == null || !List.of("ocean", "sea").contains(p.negative()),
                        "another positive of the same group is no negative: " + p);
            }
            if (p.negative() != null) {
                float[][] e = model.embedAll(List.of(p.anchor(), p.positive(), p.negative()), 8, null);
                assertTrue(dot(e[0], e[2]) <= dot(e[0], e[1]) - margin + 1e-5, "margin kept: " + p);
            }
        }
        assertTrue(r.mined() >= 4, "most queries get a negative: " + r.mined());
    }

    @Test
    void aHugeMarginSkipsEveryCandidateAsALikelyPositive() {
        HardNegativeMiner.Result r = new HardNegativeMiner(2.0, 10, 8).mine(model, PAIRS, PAIRS.stream().map(TextPair::positive).toList());
        assertEquals(0, r.mined());
        r.pairs().forEach(p -> assertNull(p.negative()));
        assertTrue(r.skippedAsLikelyPositive() > 0);
    }

    @Test
    void aMarginOfMinusTwoMinesEveryQueryButNeverALemmaTheDataListsForItsGroup() {
        List<String> candidates = PAIRS.stream().map(TextPair::positive).toList();
        HardNegativeMiner.Result plain = new HardNegativeMiner(-2, 10, 8).mine(model, PAIRS, candidates);
        assertEquals(PAIRS.size(), plain.mined());
        assertEquals(0, plain.skippedAsLikelyPositive());
        HardNegativeMiner.Result r = new HardNegativeMiner(-2, 10, 8, Map.of("cat", List.of("cat", " Kitten"))).mine(model, PAIRS, candidates);
        TextPair cat = r.pairs().get(2);
        assertEquals("cat", cat.group());
        assertNotNull(cat.negative());
        assertNotEquals("kitten", cat.negative(), "a synonym the data lists is no negative");
        assertEquals("kitten", plain.pairs().get(2).negative(), "without the list the closest candidate is the synonym");
    }

    @Test
    void severalNegativesBestFirstRangeMinSkipsTheBestAndTheRelativeMarginHolds() {
        List<String> candidates = PAIRS.stream().map(TextPair::positive).toList();
        HardNegativeMiner base = new HardNegativeMiner(-2, 10, 8);
        HardNegativeMiner.Mining three = base.negatives(3).mineAll(model, PAIRS, candidates);
        for (HardNegativeMiner.Mined m : three.pairs()) {
            assertEquals(3, m.negatives().size(), m.toString());
            assertTrue(m.negativeScores()[0] >= m.negativeScores()[1] && m.negativeScores()[1] >= m.negativeScores()[2],
                    "best first: " + java.util.Arrays.toString(m.negativeScores()));
            assertTrue(!m.negatives().contains(m.pair().positive()));
        }
        HardNegativeMiner.Mining skipped = base.negatives(2).rangeMin(1).mineAll(model, PAIRS, candidates);
        for (int i = 0; i < PAIRS.size(); i++) {
            assertEquals(three.pairs().get(i).negatives().subList(1, 3), skipped.pairs().get(i).negatives(),
                    "rangeMin 1: the best qualifying candidate is left out, the next two taken");
        }
        HardNegativeMiner.Mining relative = base.negatives(5).relativeMargin(0.2).mineAll(model, PAIRS, candidates);
        for (HardNegativeMiner.Mined m : relative.pairs()) {
            for (double score : m.negativeScores()) {
                assertTrue(score <= m.positiveScore() * 0.8 + 1e-6, score + " against the positive's " + m.positiveScore());
            }
        }
        org.contrastive4j.testing.Assertions2.messageContains(org.junit.jupiter.api.Assertions.assertThrows(
                org.contrastive4j.InvalidInputException.class, () -> base.rangeMin(10)), "rangeMin must be in [0, 10)");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * (double) b[i];
        }
        return s;
    }
}
