package org.contrastive4j.augment;

import org.contrastive4j.augment.text.RandomCrop;
import org.contrastive4j.augment.text.SynonymReplacement;
import org.contrastive4j.augment.text.WordDeletion;
import org.contrastive4j.augment.text.WordSwap;
import org.contrastive4j.data.WordNet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextAugmentationTest {
    private static final String S = "the quick brown fox jumps over the lazy dog";

    private static String sorted(String s) {
        String[] w = s.split(" ");
        Arrays.sort(w);
        return String.join(" ", w);
    }

    @Test
    void deletionSwapAndCropKeepWordsFromTheSentence() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            String deleted = new WordDeletion(0.3).apply(S, r);
            assertTrue(!deleted.isEmpty() && Arrays.asList(S.split(" ")).containsAll(Arrays.asList(deleted.split(" "))));
            assertEquals(sorted(S), sorted(new WordSwap(2).apply(S, r)), "a swap permutes words");
            String cropped = new RandomCrop(0.5).apply(S, r);
            assertTrue(S.contains(cropped) && cropped.split(" ").length >= 4, cropped);
        }
        assertEquals("one", new WordDeletion(0.99).apply("one", r));
        assertEquals(new WordSwap(3).apply(S, new SplittableRandom(5)), new WordSwap(3).apply(S, new SplittableRandom(5)));
    }

    @Test
    void synonymReplacementUsesWordNet() {
        SynonymReplacement replace = new SynonymReplacement(WordNet.read(WordNet.DEFAULT_DIR), 1);
        assertTrue(replace.synonymsOf("quick").contains("speedy"), replace.synonymsOf("quick").toString());
        String out = replace.apply("a quick answer", new SplittableRandom(3));
        assertNotEquals("a quick answer", out);
        assertEquals(3, out.split(" ").length);
    }
}
