package org.contrastive4j.augment.text;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deletes each word with probability p, keeping at least one word. */
public record WordDeletion(double p) implements TextAugmentation {
    @Override
    public String apply(String text, SplittableRandom random) {
        String[] words = TextAugmentation.words(text);
        if (words.length <= 1) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        for (String w : words) {
            if (random.nextDouble() >= p) {
                kept.add(w);
            }
        }
        return kept.isEmpty() ? words[random.nextInt(words.length)] : String.join(" ", kept);
    }
}
