package org.contrastive4j.index;

import org.apache.lucene.store.ByteBuffersDirectory;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.testing.RandomInputs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorIndexTest {

    private static float[][] random(int n, int d, long seed) {
        RandomInputs r = new RandomInputs(seed);
        float[][] v = new float[n][d];
        for (float[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.random().nextGaussian();
            }
        }
        return v;
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }

    @Test
    void searchReturnsThePlantedNearestNeighbourWithItsCosine() throws IOException {
        float[][] v = random(500, 32, 1);
        float[] query = v[123].clone();
        query[0] += 0.01f;
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            VectorIndex.add(dir, ids(500), ids(500).stream().map(s -> "text " + s).toList(), v, Quantization.NONE);
            try (VectorIndex index = VectorIndex.open(dir)) {
                SearchHit top = index.search(query, 5).get(0);
                assertEquals("123", top.id());
                assertEquals("text 123", top.text());
                double expected = cosine(query, v[123]);
                assertEquals(expected, top.cosine(), 1e-5);
            }
        }
    }

    @Test
    void anIndexOfTruncatedVectorsCutsLongerQueriesTheSameWay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path path) throws IOException {
        float[][] full = random(200, 64, 2);
        float[][] cut = org.contrastive4j.tensor.Vectors.truncated(full, 16);
        try (org.apache.lucene.store.FSDirectory dir = org.apache.lucene.store.FSDirectory.open(path)) {
            VectorIndex.add(dir, ids(200), null, cut, Quantization.NONE);
        }
        float[] query = full[77].clone();
        query[40] += 5; // beyond the cut: must not count
        try (VectorIndex index = VectorIndex.open(path, 16)) {
            SearchHit top = index.search(query, 3).get(0);
            assertEquals("77", top.id());
            assertEquals(1.0, top.cosine(), 1e-5);
        }
        try (VectorIndex whole = VectorIndex.open(path)) {
            assertThrows(org.contrastive4j.InvalidInputException.class, () -> whole.search(query, 3), "a 64-long query on 16 without the cut");
        }
    }

    @Test
    void hnswRecallAt10AgainstExactSearchOnWordNetGlosses() throws IOException {
        List<String> glosses = WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun")).stream()
                .map(Synset::definition).limit(2000).toList();
        float[][] vectors;
        try (TextModel model = TextModel.miniLm()) {
            vectors = model.embedAll(glosses, 64, null);
        }
        ExactSearch exact = new ExactSearch(vectors);
        for (Quantization q : Quantization.values()) {
            try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
                VectorIndex.add(dir, ids(vectors.length), null, vectors, q);
                try (VectorIndex index = VectorIndex.open(dir)) {
                    double recall = 0;
                    int queries = 200;
                    for (int i = 0; i < queries; i++) {
                        int qi = i * 10;
                        Set<String> truth = new HashSet<>();
                        for (int j : exact.topK(vectors[qi], 10)) {
                            truth.add(Integer.toString(j));
                        }
                        long found = index.search(vectors[qi], 10).stream().filter(h -> truth.contains(h.id())).count();
                        recall += found / 10.0;
                    }
                    recall /= queries;
                    assertTrue(recall >= (q == Quantization.NONE ? 0.95 : 0.85), q + " recall@10 " + recall);
                }
            }
        }
    }

    @Test
    void nearDuplicatesAreGroupedThroughTheIndex() {
        float[][] v = random(300, 16, 2);
        // Plant 20 near copies of the first 20 vectors.
        float[][] all = new float[320][];
        System.arraycopy(v, 0, all, 0, 300);
        for (int i = 0; i < 20; i++) {
            all[300 + i] = v[i].clone();
            all[300 + i][1] += 0.02f;
        }
        List<List<Integer>> groups = NearDuplicates.find(all, 0.99, 10);
        assertEquals(20, groups.size());
        for (List<Integer> g : groups) {
            assertEquals(2, g.size());
            assertEquals(g.get(0) + 300, g.get(1));
        }
    }

    private static double cosine(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }
}
