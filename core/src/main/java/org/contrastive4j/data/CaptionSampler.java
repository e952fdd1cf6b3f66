package org.contrastive4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws one caption per image of a batch from its class's captions. Within a batch a class's
 * captions are dealt from a shuffled deck, so two images share a caption only when their class
 * has more images in the batch than captions: an identical caption twice in a CLIP batch is a
 * negative equal to the positive. Draws depend on (seed, step) only.
 */
public final class CaptionSampler {
    private final List<List<String>> captions;
    private final long seed;

    public CaptionSampler(List<List<String>> captionsPerClass, long seed) {
        this.captions = captionsPerClass;
        this.seed = seed;
    }

    public List<String> sample(int[] labels, long step) {
        int classes = captions.size();
        int[][] decks = new int[classes][];
        int[] dealt = new int[classes];
        List<String> out = new ArrayList<>(labels.length);
        for (int label : labels) {
            if (decks[label] == null) {
                decks[label] = Permutations.of(captions.get(label).size(), Seeds.forSample(seed, step, label));
            }
            int[] deck = decks[label];
            out.add(captions.get(label).get(deck[dealt[label]++ % deck.length]));
        }
        return out;
    }
}
