package org.contrastive4j.augment.text;

import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replaces up to {@code count} words that WordNet knows by a random single-word synonym (a lemma
 * of a synset holding the word).
 */
public final class SynonymReplacement implements TextAugmentation {
    private final Map<String, List<String>> synonyms;
    private final int count;

    public SynonymReplacement(WordNet wordNet, int count) {
        this.count = count;
        Map<String, Set<String>> map = new HashMap<>();
        for (Synset s : wordNet.synsets().values()) {
            for (String a : s.lemmas()) {
                if (a.contains(" ")) {
                    continue;
                }
                for (String b : s.lemmas()) {
                    if (!b.contains(" ") && !b.equalsIgnoreCase(a)) {
                        map.computeIfAbsent(a.toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>()).add(b);
                    }
                }
            }
        }
        this.synonyms = new HashMap<>();
        map.forEach((k, v) -> synonyms.put(k, List.copyOf(v)));
    }

    @Override
    public String apply(String text, SplittableRandom random) {
        String[] words = TextAugmentation.words(text);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (synonyms.containsKey(words[i].toLowerCase(Locale.ROOT))) {
                candidates.add(i);
            }
        }
        for (int r = 0; r < count && !candidates.isEmpty(); r++) {
            int i = candidates.remove(random.nextInt(candidates.size()));
            List<String> options = synonyms.get(words[i].toLowerCase(Locale.ROOT));
            words[i] = options.get(random.nextInt(options.size()));
        }
        return String.join(" ", words);
    }

    /** The synonyms WordNet gives for a word (lower-cased lookup). */
    public List<String> synonymsOf(String word) {
        return synonyms.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
    }
}
