package org.contrastive4j.word2vec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Word2VecTest {
    @TempDir
    Path dir;

    @Test
    void tokensAndNoiseDistribution() {
        assertEquals(List.of("a", "dog's", "well-known", "bark", "2"), Vocabulary.tokens("A dog's well-known 'bark' (2)!"));
        Vocabulary v = new Vocabulary(List.of("a a a a a a a a a a a a a a a a b", "b b c"), 1);
        assertEquals(3, v.size());
        // counts a:16, b:3, c:1 -> noise proportional to count^0.75
        double z = Math.pow(16, 0.75) + Math.pow(3, 0.75) + 1;
        assertEquals(Math.pow(16, 0.75) / z, v.noiseProbability(v.id("a")), 1e-12);
        assertEquals(1 / z, v.noiseProbability(v.id("c")), 1e-12);
        SplittableRandom random = new SplittableRandom(1);
        int[] seen = new int[3];
        for (int i = 0; i < 100_000; i++) {
            seen[v.sampleNoise(random)]++;
        }
        assertEquals(1 / z, seen[v.id("c")] / 100_000.0, 0.005, "draws follow unigram^0.75");
    }

    @Test
    void batchesDependOnlyOnSeedAndStepAndContextsAreNeighbours() {
        Vocabulary v = new Vocabulary(List.of("the cat sat on the mat", "a dog ran in the park"), 1);
        SkipGramSampler sampler = new SkipGramSampler(v, 2, 3, 0, 64, 7);
        SkipGramBatch b = sampler.make(5);
        SkipGramBatch again = new SkipGramSampler(v, 2, 3, 0, 64, 7).make(5);
        assertArrayEquals(b.centers(), again.centers());
        assertArrayEquals(b.contexts(), again.contexts());
        for (int i = 0; i < b.size(); i++) {
            boolean near = false;
            for (int[] s : v.sentences()) {
                for (int p = 0; p < s.length; p++) {
                    for (int q = Math.max(0, p - 2); q <= Math.min(s.length - 1, p + 2); q++) {
                        near |= q != p && s[p] == b.centers()[i] && s[q] == b.contexts()[i];
                    }
                }
            }
            assertTrue(near, "pair " + i + " is within the window");
        }
    }

    @Test
    void skipGramLearnsSynonymsOnASlice() throws Exception {
        WordNet wn = WordNet.read(WordNet.DEFAULT_DIR);
        WordNetDatasets data = new WordNetDatasets(wn, 0.1, 0.1, 0);
        List<String> texts = new ArrayList<>();
        for (Synset s : wn.synsets().values()) {
            if (data.splitOf(s) == Split.TRAIN) {
                texts.add(s.definition());
                texts.addAll(s.examples());
            }
        }
        Vocabulary v = new Vocabulary(texts, 5);
        SynonymEvaluation synonyms = new SynonymEvaluation(data.synonyms(Split.TEST, '*'), v, 0);
        SkipGramSampler sampler = new SkipGramSampler(v, 5, 5, 1e-3, 1024, 0);
        TrainerConfig tc = TrainerConfig.defaults(1200).learningRate(5e-3).warmupSteps(60).weightDecay(0).logEvery(50)
                .checkpointEvery(100000).progressBar(false);
        try (WordVectors vectors = new WordVectors(v.size(), 64, 0)) {
            Word2VecTraining.Summary s = Word2VecTraining.run(v, vectors, sampler, synonyms, List.of("king"), tc, dir, false, 0,
                    new ObjectMapper().createObjectNode(), new PrintWriter(new StringWriter()));
            assertEquals(0.5, s.initial().auc(), 0.05, "random vectors: chance");
            assertTrue(s.trained().auc() > 0.58, "held-out synonyms rank above random pairs: AUC " + s.trained().auc());
            assertTrue(s.trained().margin() > 0.03, "cosine margin " + s.trained().margin());
        }
        List<String> lines = Files.readAllLines(dir.resolve("vectors.txt"));
        assertEquals(v.size() + " 64", lines.get(0));
        assertEquals(v.size() + 1, lines.size());
    }
}
