package org.contrastive4j.word2vec;

import org.contrastive4j.data.Seeds;

import java.util.SplittableRandom;

/**
 * Skip-gram training pairs, drawn so that the batch of a step depends only on (seed, step): a
 * token position uniformly from the corpus, kept with word2vec's subsampling probability
 * {@code sqrt(t / f) + t / f} for a word of frequency f; a window size b uniform in
 * [1, window] (word2vec's dynamic window, which weights near words more); a context position
 * uniform among the 2b neighbours inside the sentence; and {@code negatives} noise words from
 * unigram^0.75.
 */
public final class SkipGramSampler {
    private final Vocabulary vocabulary;
    private final int window;
    private final int negatives;
    private final double subsample;
    private final int batchSize;
    private final long seed;
    private final long[] sentenceStart;

    public SkipGramSampler(Vocabulary vocabulary, int window, int negatives, double subsample, int batchSize, long seed) {
        this.vocabulary = vocabulary;
        this.window = window;
        this.negatives = negatives;
        this.subsample = subsample;
        this.batchSize = batchSize;
        this.seed = seed;
        int[][] s = vocabulary.sentences();
        this.sentenceStart = new long[s.length + 1];
        for (int i = 0; i < s.length; i++) {
            sentenceStart[i + 1] = sentenceStart[i] + s[i].length;
        }
    }

    /** Steps for one pass's worth of pairs (every token as a centre, about {@code window} contexts each). */
    public long stepsPerEpoch() {
        return Math.max(1, vocabulary.tokenCount() * window / batchSize);
    }

    public SkipGramBatch make(long step) {
        SplittableRandom random = Seeds.forSample(seed, 0, step);
        int[][] s = vocabulary.sentences();
        int[] centers = new int[batchSize];
        int[] contexts = new int[batchSize];
        int[][] noise = new int[batchSize][negatives];
        for (int i = 0; i < batchSize; i++) {
            int sentence;
            int position;
            while (true) {
                long token = random.nextLong(vocabulary.tokenCount());
                sentence = java.util.Arrays.binarySearch(sentenceStart, token);
                sentence = sentence >= 0 ? sentence : -sentence - 2;
                position = (int) (token - sentenceStart[sentence]);
                if (keep(s[sentence][position], random)) {
                    break;
                }
            }
            int[] words = s[sentence];
            int b = 1 + random.nextInt(window);
            int lo = Math.max(0, position - b);
            int hi = Math.min(words.length - 1, position + b);
            int other = lo + random.nextInt(hi - lo); // hi - lo >= 1: sentences hold two words or more
            if (other >= position) {
                other++;
            }
            centers[i] = words[position];
            contexts[i] = words[other];
            for (int j = 0; j < negatives; j++) {
                noise[i][j] = vocabulary.sampleNoise(random);
            }
        }
        return new SkipGramBatch(step, centers, contexts, noise);
    }

    private boolean keep(int word, SplittableRandom random) {
        if (subsample <= 0) {
            return true;
        }
        double f = vocabulary.count(word) / (double) vocabulary.tokenCount();
        double p = Math.sqrt(subsample / f) + subsample / f;
        return p >= 1 || random.nextDouble() < p;
    }
}
