package org.contrastive4j.mining;

import java.util.ArrayList;
import java.util.List;

/** Every valid triplet: a != p with the same label, n with a different label. O(n^3) triplets. */
public final class AllTripletsMiner implements TripletMiner {
    @Override
    public Triplets mine(double[][] similarity, int[] labels) {
        List<int[]> found = new ArrayList<>();
        int n = labels.length;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (!TripletMiner.isPositive(labels, a, p)) {
                    continue;
                }
                for (int k = 0; k < n; k++) {
                    if (labels[k] != labels[a]) {
                        found.add(new int[] {a, p, k});
                    }
                }
            }
        }
        return TripletLists.toTriplets(found);
    }
}
