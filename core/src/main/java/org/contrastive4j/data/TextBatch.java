package org.contrastive4j.data;

import java.util.List;

/** The pairs of one training step. */
public record TextBatch(long step, List<TextPair> pairs) implements Batch {
    @Override
    public int size() {
        return pairs.size();
    }

    public List<String> anchors() {
        return pairs.stream().map(TextPair::anchor).toList();
    }

    public List<String> positives() {
        return pairs.stream().map(TextPair::positive).toList();
    }

    /** The hard negatives; every pair of the batch must have one. */
    public List<String> negatives() {
        return pairs.stream().map(TextPair::negative).toList();
    }

    public boolean hasNegatives() {
        return !pairs.isEmpty() && pairs.stream().allMatch(p -> p.negative() != null);
    }
}
