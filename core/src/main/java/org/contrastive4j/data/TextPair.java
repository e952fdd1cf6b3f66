package org.contrastive4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A training example of text: an anchor (query), its positive, and optionally hard negatives:
 * {@code negative} (null when absent) and, for n-tuples, {@code moreNegatives}. {@code group}
 * names what the pair came from (a WordNet synset, a source line): two pairs of one group are
 * positives of each other, so they never share a batch.
 */
public record TextPair(String anchor, String positive, String negative, String group, List<String> moreNegatives) {
    public TextPair {
        if (anchor == null || positive == null) {
            throw new IllegalArgumentException("a text pair needs an anchor and a positive");
        }
        moreNegatives = moreNegatives == null ? List.of() : List.copyOf(moreNegatives);
        if (negative == null && !moreNegatives.isEmpty()) {
            throw new IllegalArgumentException("further negatives need a first one");
        }
    }

    /** A pair or a triple. */
    public TextPair(String anchor, String positive, String negative, String group) {
        this(anchor, positive, negative, group, List.of());
    }

    /** Every hard negative, the first one first (empty when there is none). */
    public List<String> negatives() {
        if (negative == null) {
            return List.of();
        }
        List<String> all = new ArrayList<>(1 + moreNegatives.size());
        all.add(negative);
        all.addAll(moreNegatives);
        return all;
    }

    /** This pair with one hard negative (null: none) instead of its negatives. */
    public TextPair withNegative(String hardNegative) {
        return new TextPair(anchor, positive, hardNegative, group);
    }

    /** This pair with these hard negatives (an n-tuple; empty: none). */
    public TextPair withNegatives(List<String> hardNegatives) {
        return hardNegatives.isEmpty() ? withNegative(null)
                : new TextPair(anchor, positive, hardNegatives.get(0), group, hardNegatives.subList(1, hardNegatives.size()));
    }
}
