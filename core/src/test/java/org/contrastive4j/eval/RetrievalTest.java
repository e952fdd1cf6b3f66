package org.contrastive4j.eval;

import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.encoder.TextModel;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetrievalTest {

    @Test
    void metricsByHand() {
        // Ranks 1, 2, 11: R@1 = 1/3, R@10 = 2/3, MRR = (1 + 1/2) / 3, nDCG = (1 + 1/log2(3)) / 3.
        RetrievalMetrics m = RetrievalMetrics.of(new int[] {1, 2, 11});
        assertEquals(1.0 / 3, m.recallAt1(), 1e-12);
        assertEquals(2.0 / 3, m.recallAt10(), 1e-12);
        assertEquals(0.5, m.mrrAt10(), 1e-12);
        assertEquals((1 + 1 / (Math.log(3) / Math.log(2))) / 3, m.ndcgAt10(), 1e-12);
        int[] ranks = RetrievalRanking.ranks(new float[][] {{1, 0}, {0, 1}}, new float[][] {{0, 1}, {1, 0.1f}, {1, 0}}, new int[] {2, 1});
        assertEquals(1, ranks[0]);
        assertEquals(2, ranks[1]);
    }

    @Test
    void splitsAreBySynsetAndDisjoint() {
        WordNetDatasets data = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
        Set<String> train = new HashSet<>();
        data.reverseDictionary(WordNetDatasets.Split.TRAIN, 'n').forEach(p -> train.add(p.group()));
        List<TextPair> test = data.reverseDictionary(WordNetDatasets.Split.TEST, 'n');
        assertTrue(test.size() > 7000, "about 10% of 82k noun synsets: " + test.size());
        for (TextPair p : test) {
            assertTrue(!train.contains(p.group()));
        }
        long withNegative = test.stream().filter(p -> p.negative() != null).count();
        assertTrue(withNegative > test.size() / 2, "co-hyponym negatives for most nouns: " + withNegative);
        WordNetDatasets same = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
        assertEquals(test, same.reverseDictionary(WordNetDatasets.Split.TEST, 'n'), "same seed, same split");
        List<TextPair> trainPairs = data.reverseDictionary(WordNetDatasets.Split.TRAIN, 'n');
        List<TextPair> everyLemma = data.reverseDictionaryEveryLemma(WordNetDatasets.Split.TRAIN, 'n');
        assertTrue(everyLemma.size() > trainPairs.size() * 3 / 2, "nouns average ~1.8 lemmas a synset: " + everyLemma.size());
        assertTrue(new HashSet<>(everyLemma).containsAll(trainPairs), "the first-lemma pairs are among them");
        var lemmas = data.lemmasBySynset(WordNetDatasets.Split.TRAIN, 'n');
        for (TextPair p : everyLemma) {
            assertTrue(lemmas.get(p.group()).contains(p.positive()), p.toString());
        }
        assertTrue(data.synonyms(WordNetDatasets.Split.TRAIN, 'n').size() > 1000);
        assertTrue(data.glossExamples(WordNetDatasets.Split.TRAIN, '*').size() > 1000);
    }

    @Test
    void partsOfSpeechCountSatellitesAsAdjectivesAndStarIsTheirUnion() {
        WordNetDatasets data = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
        var split = WordNetDatasets.Split.TRAIN;
        List<TextPair> adjectives = data.reverseDictionary(split, 'a');
        // data.adj holds 18,156 synsets, 10,693 of them satellites (pos s): about 80% are in train.
        assertTrue(adjectives.size() > 14000, "head and satellite adjectives: " + adjectives.size());
        int all = data.reverseDictionary(split, '*').size();
        int sum = 0;
        for (char pos : "nvar".toCharArray()) {
            sum += data.reverseDictionary(split, pos).size();
        }
        assertEquals(all, sum, "n + v + a + r = *");
    }

    @Test
    void theEmbeddedModelFindsLemmasFromGlossesFarAboveChance() {
        WordNetDatasets data = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
        List<TextPair> pairs = data.reverseDictionary(WordNetDatasets.Split.TEST, 'n').subList(0, 500);
        try (TextModel model = TextModel.miniLm()) {
            RetrievalMetrics m = RetrievalRanking.evaluate(model, pairs.stream().map(TextPair::anchor).toList(),
                    pairs.stream().map(TextPair::positive).toList(), 64);
            // Chance for R@10 over a ~500-lemma pool is about 0.02.
            assertTrue(m.recallAt10() > 0.4, "R@10 " + m.recallAt10());
            assertTrue(m.mrrAt10() > 0.2, "MRR@10 " + m.mrrAt10());
        }
    }
}
