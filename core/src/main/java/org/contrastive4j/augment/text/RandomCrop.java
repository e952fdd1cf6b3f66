package org.contrastive4j.augment.text;

import java.util.SplittableRandom;

/** Keeps a contiguous span covering a uniform fraction in [minFraction, 1] of the words. */
public record RandomCrop(double minFraction) implements TextAugmentation {
    @Override
    public String apply(String text, SplittableRandom random) {
        String[] words = TextAugmentation.words(text);
        if (words.length < 2) {
            return text;
        }
        double fraction = minFraction + (1 - minFraction) * random.nextDouble();
        int length = Math.max(1, (int) Math.round(fraction * words.length));
        int start = random.nextInt(words.length - length + 1);
        return String.join(" ", java.util.Arrays.copyOfRange(words, start, start + length));
    }
}
