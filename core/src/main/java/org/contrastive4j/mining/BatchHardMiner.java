package org.contrastive4j.mining;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch-hard mining (Hermans, Beyer and Leibe 2017, "In Defense of the Triplet Loss for Person
 * Re-Identification"): for each anchor, its least similar positive and its most similar
 * negative. Anchors without a positive or a negative in the batch are skipped; ties go to the
 * lowest index.
 */
public final class BatchHardMiner implements TripletMiner {
    @Override
    public Triplets mine(double[][] similarity, int[] labels) {
        List<int[]> found = new ArrayList<>();
        int n = labels.length;
        for (int a = 0; a < n; a++) {
            int hardestPositive = -1;
            int hardestNegative = -1;
            for (int k = 0; k < n; k++) {
                if (TripletMiner.isPositive(labels, a, k)) {
                    if (hardestPositive < 0 || similarity[a][k] < similarity[a][hardestPositive]) {
                        hardestPositive = k;
                    }
                } else if (labels[k] != labels[a]) {
                    if (hardestNegative < 0 || similarity[a][k] > similarity[a][hardestNegative]) {
                        hardestNegative = k;
                    }
                }
            }
            if (hardestPositive >= 0 && hardestNegative >= 0) {
                found.add(new int[] {a, hardestPositive, hardestNegative});
            }
        }
        return TripletLists.toTriplets(found);
    }
}
