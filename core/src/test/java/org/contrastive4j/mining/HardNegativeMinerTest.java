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

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * (double) b[i];
        }
        return s;
    }
}
