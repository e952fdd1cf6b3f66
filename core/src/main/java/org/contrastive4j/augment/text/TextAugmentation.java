package org.contrastive4j.augment.text;

import java.util.SplittableRandom;

/** One random edit of a sentence (Wei and Zou 2019, "EDA"); every choice comes from {@code random}. */
@FunctionalInterface
public interface TextAugmentation {
    String apply(String text, SplittableRandom random);

    /** Splits on whitespace, the unit the ops work on. */
    static String[] words(String text) {
        String t = text.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
