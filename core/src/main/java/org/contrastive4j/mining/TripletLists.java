package org.contrastive4j.mining;

import java.util.List;

final class TripletLists {
    private TripletLists() {}

    static Triplets toTriplets(List<int[]> found) {
        int[] a = new int[found.size()];
        int[] p = new int[found.size()];
        int[] n = new int[found.size()];
        for (int i = 0; i < found.size(); i++) {
            a[i] = found.get(i)[0];
            p[i] = found.get(i)[1];
            n[i] = found.get(i)[2];
        }
        return new Triplets(a, p, n);
    }
}
