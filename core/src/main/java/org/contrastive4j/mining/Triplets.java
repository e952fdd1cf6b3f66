package org.contrastive4j.mining;

/** Index triplets (anchor, positive, negative) into a batch; the three arrays have one entry per triplet. */
public record Triplets(int[] anchors, int[] positives, int[] negatives) {
    public int size() {
        return anchors.length;
    }
}
