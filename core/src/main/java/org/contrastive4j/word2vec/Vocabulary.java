package org.contrastive4j.word2vec;

import org.contrastive4j.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tokenised corpus for word2vec: lower-cased words (letters, digits, inner hyphens and
 * apostrophes), the words seen at least {@code minCount} times, each sentence as word ids, and the
 * noise distribution of negative sampling, unigram counts raised to 3/4 (Mikolov et al. 2013).
 */
public final class Vocabulary {
    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();
    private final long[] counts;
    private final double[] noiseCdf;
    private final int[][] sentences;
    private final long tokens;

    public Vocabulary(List<String> texts, int minCount) {
        Map<String, Long> freq = new HashMap<>();
        List<List<String>> tokenised = new ArrayList<>(texts.size());
        for (String t : texts) {
            List<String> words = tokens(t);
            tokenised.add(words);
            words.forEach(w -> freq.merge(w, 1L, Long::sum));
        }
        List<String> kept = new ArrayList<>();
        freq.forEach((w, c) -> {
            if (c >= minCount) {
                kept.add(w);
            }
        });
        // By count, then alphabetically: the same corpus gives the same ids on every run.
        kept.sort((a, b) -> freq.get(b).equals(freq.get(a)) ? a.compareTo(b) : Long.compare(freq.get(b), freq.get(a)));
        if (kept.size() < 2) {
            throw new InvalidInputException("the corpus has " + kept.size() + " word(s) seen at least " + minCount
                    + " times; word2vec needs a vocabulary (lower minCount or give more text)");
        }
        this.words = List.copyOf(kept);
        this.counts = new long[words.size()];
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
            counts[i] = freq.get(words.get(i));
        }
        long total = 0;
        List<int[]> sentenceIds = new ArrayList<>();
        for (List<String> s : tokenised) {
            int[] idsOf = s.stream().filter(ids::containsKey).mapToInt(ids::get).toArray();
            if (idsOf.length >= 2) {
                sentenceIds.add(idsOf);
                total += idsOf.length;
            }
        }
        this.sentences = sentenceIds.toArray(new int[0][]);
        this.tokens = total;
        this.noiseCdf = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += Math.pow(counts[i], 0.75);
            noiseCdf[i] = sum;
        }
        for (int i = 0; i < counts.length; i++) {
            noiseCdf[i] /= sum;
        }
    }

    /** The words of a text: lower case, split on anything but letters, digits, inner hyphens and apostrophes. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'-]+")) {
            String t = w.replaceAll("^['-]+|['-]+$", "");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The id of {@code word}, or -1 when it is not in the vocabulary. */
    public int id(String word) {
        return ids.getOrDefault(word.toLowerCase(Locale.ROOT), -1);
    }

    public long count(int id) {
        return counts[id];
    }

    public int[][] sentences() {
        return sentences;
    }

    public long tokenCount() {
        return tokens;
    }

    /** A draw from the unigram^0.75 noise distribution. */
    public int sampleNoise(SplittableRandom random) {
        int i = Arrays.binarySearch(noiseCdf, random.nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, noiseCdf.length - 1);
    }

    /** P_noise(word), for tests and NCE's correction term. */
    public double noiseProbability(int id) {
        return noiseCdf[id] - (id == 0 ? 0 : noiseCdf[id - 1]);
    }
}
