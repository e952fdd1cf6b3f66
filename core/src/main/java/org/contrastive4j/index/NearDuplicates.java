package org.contrastive4j.index;

import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Groups of near-duplicates: every vector is indexed (HNSW in memory), each asks the index for
 * its nearest neighbours, pairs at cosine >= threshold are joined, and the connected components
 * of two or more members are the groups. No all-pairs loop: the cost is n searches.
 */
public final class NearDuplicates {
    private NearDuplicates() {}

    /** Groups of indices (each sorted, groups ordered by their first member). */
    public static List<List<Integer>> find(float[][] vectors, double threshold, int neighbours) {
        int n = vectors.length;
        int[] parent = IntStream.range(0, n).toArray();
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            List<String> ids = IntStream.range(0, n).mapToObj(Integer::toString).toList();
            VectorIndex.add(directory, ids, null, vectors, Quantization.NONE);
            try (VectorIndex index = VectorIndex.open(directory)) {
                for (int i = 0; i < n; i++) {
                    for (SearchHit hit : index.search(vectors[i], neighbours + 1)) {
                        int j = Integer.parseInt(hit.id());
                        if (j != i && hit.cosine() >= threshold) {
                            union(parent, i, j);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().filter(g -> g.size() > 1).toList();
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = root(parent, a);
        int rb = root(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
