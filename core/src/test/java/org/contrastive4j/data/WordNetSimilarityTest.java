package org.contrastive4j.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordNetSimilarityTest {
    private static final WordNet WORDNET = WordNet.read(WordNet.DEFAULT_DIR);

    @Test
    void pathSimilarityMatchesNltk() {
        Synset dog = WORDNET.get("n:2084071");
        Synset cat = WORDNET.get("n:2121620");
        assertEquals("dog", dog.lemmas().get(0));
        assertEquals("cat", cat.lemmas().get(0));
        // nltk: wn.synset('dog.n.01').path_similarity(wn.synset('cat.n.01')) == 0.2
        assertEquals(0.2, WORDNET.pathSimilarity(dog, cat), 1e-12);
        assertEquals(1.0, WORDNET.pathSimilarity(dog, dog), 1e-12);
    }

    @Test
    void scoredPairsAreReproducibleAndSpreadOut() {
        WordNetDatasets data = new WordNetDatasets(WORDNET, 0.1, 0.1, 0);
        List<ScoredPair> pairs = data.scoredPairs(WordNetDatasets.Split.TEST, 'n', 300, 5);
        assertTrue(pairs.size() > 250, "pairs: " + pairs.size());
        assertEquals(pairs, data.scoredPairs(WordNetDatasets.Split.TEST, 'n', 300, 5));
        long distinct = pairs.stream().mapToDouble(ScoredPair::score).distinct().count();
        assertTrue(distinct >= 5, "scores take several values: " + distinct);
        assertTrue(pairs.stream().allMatch(p -> p.score() > 0 && p.score() <= 0.5), "a partner is at least one step away");
    }
}
