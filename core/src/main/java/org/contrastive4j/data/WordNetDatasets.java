package org.contrastive4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Contrastive datasets built from WordNet, split by synset so that no synset appears in two
 * splits (a synset's gloss, lemmas and examples would otherwise leak from train to test):
 * <ul>
 *   <li>reverse dictionary: (gloss, lemma);</li>
 *   <li>synonyms: (lemma, another lemma of the same synset);</li>
 *   <li>(gloss, usage example);</li>
 *   <li>hard negatives: a lemma of a co-hyponym (a sibling under the same hypernym).</li>
 * </ul>
 */
public final class WordNetDatasets {

    /** Which split a synset belongs to. */
    public enum Split { TRAIN, DEV, TEST }

    private final WordNet wordNet;
    private final Map<String, Split> splits = new TreeMap<>();

    /** Assigns each synset to train / dev / test with the given fractions, by the run's seed. */
    public WordNetDatasets(WordNet wordNet, double devFraction, double testFraction, long seed) {
        this.wordNet = wordNet;
        List<String> keys = new ArrayList<>(wordNet.synsets().keySet());
        int[] order = Permutations.of(keys.size(), Seeds.forPurpose(seed, "wordnet-split"));
        int dev = (int) Math.round(keys.size() * devFraction);
        int test = (int) Math.round(keys.size() * testFraction);
        for (int i = 0; i < order.length; i++) {
            splits.put(keys.get(order[i]), i < test ? Split.TEST : i < test + dev ? Split.DEV : Split.TRAIN);
        }
    }

    public Split splitOf(Synset s) {
        return splits.get(s.key());
    }

    /** @param pos n, v, a (satellites included) or r; '*' for all */
    List<Synset> synsets(Split split, char pos) {
        List<Synset> out = new ArrayList<>();
        for (Synset s : wordNet.synsets().values()) {
            if (splits.get(s.key()) == split && (pos == '*' || s.key().charAt(0) == pos)) {
                out.add(s);
            }
        }
        return out;
    }

    /** (gloss, first lemma) for every synset of the split with a gloss; pos '*' for all. */
    public List<TextPair> reverseDictionary(Split split, char pos) {
        return reverseDictionary(split, pos, false);
    }

    /**
     * (gloss, lemma) for every lemma of every synset of the split with a gloss: the reverse
     * dictionary with all of a gloss's answers, one pair each, sharing the synset's group (so
     * batching keeps them apart) and its hard negative.
     */
    public List<TextPair> reverseDictionaryEveryLemma(Split split, char pos) {
        return reverseDictionary(split, pos, true);
    }

    private List<TextPair> reverseDictionary(Split split, char pos, boolean everyLemma) {
        List<TextPair> out = new ArrayList<>();
        for (Synset s : synsets(split, pos)) {
            if (!s.definition().isEmpty()) {
                String negative = hardNegative(s);
                for (String lemma : everyLemma ? s.lemmas() : s.lemmas().subList(0, 1)) {
                    out.add(new TextPair(s.definition(), lemma, negative, s.key()));
                }
            }
        }
        return out;
    }

    /**
     * Every lemma of each synset of the split, by synset key (the pairs' group): the answers a
     * gloss also has besides its first lemma, so a miner never takes one as a negative.
     */
    public Map<String, List<String>> lemmasBySynset(Split split, char pos) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Synset s : synsets(split, pos)) {
            out.put(s.key(), s.lemmas());
        }
        return out;
    }

    /** The lexicographer file of each synset of the split (e.g. "n05" for noun.animal), by synset key: a topic for batching. */
    public Map<String, String> lexFileBySynset(Split split, char pos) {
        Map<String, String> out = new TreeMap<>();
        for (Synset s : synsets(split, pos)) {
            out.put(s.key(), String.format(java.util.Locale.ROOT, "%c%02d", s.key().charAt(0), s.lexFile()));
        }
        return out;
    }

    /** (lemma, next lemma) of every synset with two or more lemmas. */
    public List<TextPair> synonyms(Split split, char pos) {
        List<TextPair> out = new ArrayList<>();
        for (Synset s : synsets(split, pos)) {
            for (int i = 0; i + 1 < s.lemmas().size(); i++) {
                out.add(new TextPair(s.lemmas().get(i), s.lemmas().get(i + 1), null, s.key()));
            }
        }
        return out;
    }

    /** (gloss, usage example) for every example. */
    public List<TextPair> glossExamples(Split split, char pos) {
        List<TextPair> out = new ArrayList<>();
        for (Synset s : synsets(split, pos)) {
            for (String example : s.examples()) {
                out.add(new TextPair(s.definition(), example, null, s.key()));
            }
        }
        return out;
    }

    /** A lemma of the first co-hyponym of {@code s} (same hypernym, another synset), or null. */
    public String hardNegative(Synset s) {
        for (Synset parent : wordNet.related(s, "@")) {
            for (Synset sibling : wordNet.related(parent, "~")) {
                if (!sibling.key().equals(s.key()) && !sibling.lemmas().contains(s.lemmas().get(0))) {
                    return sibling.lemmas().get(0);
                }
            }
        }
        return null;
    }

    /**
     * Word pairs with WordNet's path similarity as the score: for each synset of the split (up
     * to {@code count}), a partner reached by a random walk of 1 to 6 hypernym / hyponym steps,
     * so the scores spread from close relatives to distant ones. Single lemmas, first of each
     * synset; pairs with the same lemma are left out.
     */
    public List<ScoredPair> scoredPairs(Split split, char pos, int count, long seed) {
        List<Synset> from = synsets(split, pos);
        java.util.SplittableRandom random = Seeds.forPurpose(seed, "wordnet-scored-pairs");
        int[] order = Permutations.of(from.size(), random);
        List<ScoredPair> out = new ArrayList<>();
        for (int i = 0; i < order.length && out.size() < count; i++) {
            Synset a = from.get(order[i]);
            Synset b = a;
            int steps = 1 + random.nextInt(6);
            for (int s = 0; s < steps; s++) {
                List<Synset> next = new ArrayList<>(wordNet.related(b, "@"));
                next.addAll(wordNet.related(b, "~"));
                if (next.isEmpty()) {
                    break;
                }
                b = next.get(random.nextInt(next.size()));
            }
            String la = a.lemmas().get(0);
            String lb = b.lemmas().get(0);
            if (b != a && !la.equalsIgnoreCase(lb)) {
                out.add(new ScoredPair(la, lb, wordNet.pathSimilarity(a, b)));
            }
        }
        return out;
    }
}
