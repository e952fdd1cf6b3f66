package org.contrastive4j.mining;

import org.contrastive4j.tensor.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Semi-hard mining (Schroff, Kalenichenko and Philbin 2015, "FaceNet"): for each positive pair
 * (a, p), the negatives that are farther from the anchor than the positive but still inside the
 * margin, {@code s(a,p) - m < s(a,n) < s(a,p)}; of those, the most similar one (the hardest
 * semi-hard negative). Pairs without such a negative are skipped; ties go to the lowest index.
 */
public final class SemiHardMiner implements TripletMiner {
    private final double margin;

    public SemiHardMiner(double margin) {
        this.margin = Checks.positive("margin", margin);
    }

    @Override
    public Triplets mine(double[][] similarity, int[] labels) {
        List<int[]> found = new ArrayList<>();
        int n = labels.length;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (!TripletMiner.isPositive(labels, a, p)) {
                    continue;
                }
                double positive = similarity[a][p];
                int chosen = -1;
                for (int k = 0; k < n; k++) {
                    double s = similarity[a][k];
                    boolean semiHard = labels[k] != labels[a] && s < positive && s > positive - margin;
                    if (semiHard && (chosen < 0 || s > similarity[a][chosen])) {
                        chosen = k;
                    }
                }
                if (chosen >= 0) {
                    found.add(new int[] {a, p, chosen});
                }
            }
        }
        return TripletLists.toTriplets(found);
    }
}
