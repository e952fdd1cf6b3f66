package org.contrastive4j.data;

/**
 * A training example of text: an anchor (query), its positive, and optionally a hard negative
 * (null when absent). {@code group} names what the pair came from (a WordNet synset, a source
 * line): two pairs of one group are positives of each other, so they never share a batch.
 */
public record TextPair(String anchor, String positive, String negative, String group) {
    public TextPair {
        if (anchor == null || positive == null) {
            throw new IllegalArgumentException("a text pair needs an anchor and a positive");
        }
    }

    public TextPair withNegative(String hardNegative) {
        return new TextPair(anchor, positive, hardNegative, group);
    }
}
