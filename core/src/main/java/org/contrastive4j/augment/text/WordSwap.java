package org.contrastive4j.augment.text;

import java.util.SplittableRandom;

/** Swaps two random words, {@code swaps} times. */
public record WordSwap(int swaps) implements TextAugmentation {
    @Override
    public String apply(String text, SplittableRandom random) {
        String[] words = TextAugmentation.words(text);
        if (words.length < 2) {
            return text;
        }
        for (int s = 0; s < swaps; s++) {
            int i = random.nextInt(words.length);
            int j = random.nextInt(words.length);
            String t = words[i];
            words[i] = words[j];
            words[j] = t;
        }
        return String.join(" ", words);
    }
}
