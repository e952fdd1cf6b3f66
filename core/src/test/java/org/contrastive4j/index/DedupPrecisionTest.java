package org.contrastive4j.index;

import org.contrastive4j.augment.text.WordDeletion;
import org.contrastive4j.augment.text.WordSwap;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.TextModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Near-duplicate detection on planted duplicates: 100 WordNet glosses each get a copy perturbed
 * by the text augmentation ops (a word dropped or two swapped) among 300 other glosses; the pairs
 * found must be mostly the planted ones (precision) and find most of them (recall).
 */
class DedupPrecisionTest {

    @Test
    void plantedTextDuplicatesAreFoundWithHighPrecision() {
        List<String> glosses = WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun")).stream()
                .map(Synset::definition).filter(d -> d.split(" ").length >= 6).distinct().limit(400).toList();
        List<String> texts = new ArrayList<>(glosses);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            String g = glosses.get(i);
            texts.add(i % 2 == 0 ? new WordDeletion(0.1).apply(g, random) : new WordSwap(1).apply(g, random));
        }
        float[][] vectors;
        try (TextModel model = TextModel.miniLm()) {
            vectors = model.embedAll(texts, 64, null);
        }
        List<List<Integer>> groups = NearDuplicates.find(vectors, 0.9, 10);
        int pairs = 0;
        int planted = 0;
        int foundPlanted = 0;
        for (List<Integer> g : groups) {
            for (int a = 0; a < g.size(); a++) {
                for (int b = a + 1; b < g.size(); b++) {
                    pairs++;
                    if (g.get(b) == g.get(a) + 400 && g.get(a) < 100) {
                        planted++;
                    }
                }
            }
        }
        for (int i = 0; i < 100; i++) {
            final int k = i;
            if (groups.stream().anyMatch(g -> g.contains(k) && g.contains(k + 400))) {
                foundPlanted++;
            }
        }
        double precision = (double) planted / Math.max(1, pairs);
        double recall = foundPlanted / 100.0;
        assertTrue(precision >= 0.9, "precision " + precision + " (" + planted + " of " + pairs + " pairs)");
        assertTrue(recall >= 0.8, "recall " + recall);
    }
}
