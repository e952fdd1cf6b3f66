package org.contrastive4j.testing;

import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;

import java.util.ArrayList;
import java.util.List;

/** Real English sentences for encoder checks: WordNet noun glosses, each followed by its first example. */
public final class WordNetSentences {
    private WordNetSentences() {}

    public static List<String> first(int n) {
        List<String> out = new ArrayList<>();
        for (Synset s : WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun"))) {
            if (out.size() >= n) {
                break;
            }
            out.add(s.definition());
            if (!s.examples().isEmpty() && out.size() < n) {
                out.add(s.examples().get(0));
            }
        }
        return out;
    }
}
