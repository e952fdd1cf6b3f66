package org.contrastive4j.bench;

import org.apache.lucene.store.FSDirectory;
import org.contrastive4j.index.ExactSearch;
import org.contrastive4j.index.Quantization;
import org.contrastive4j.index.SearchHit;
import org.contrastive4j.index.VectorIndex;
import org.contrastive4j.io.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** HNSW recall@k against exact search, index size on disk and query latency, per quantisation. */
public final class IndexBenchmark {

    /** One row: how an index stores its vectors and what that costs and gives. */
    public record Row(Quantization quantization, double recall, long bytes, double millisPerQuery) {}

    private IndexBenchmark() {}

    public static List<Row> run(float[][] vectors, int queries, int k, Path workDir) throws IOException {
        ExactSearch exact = new ExactSearch(vectors);
        List<String> ids = IntStream.range(0, vectors.length).mapToObj(Integer::toString).toList();
        int stride = Math.max(1, vectors.length / queries);
        List<Row> rows = new ArrayList<>();
        for (Quantization q : Quantization.values()) {
            Path dir = workDir.resolve("index-" + q.name().toLowerCase());
            try (FSDirectory fs = FSDirectory.open(dir)) {
                VectorIndex.add(fs, ids, null, vectors, q);
            }
            double recall = 0;
            long nanos = 0;
            try (VectorIndex index = VectorIndex.open(dir)) {
                for (int i = 0; i < queries; i++) {
                    float[] query = vectors[(i * stride) % vectors.length];
                    Set<String> truth = new HashSet<>();
                    for (int j : exact.topK(query, k)) {
                        truth.add(Integer.toString(j));
                    }
                    long t0 = System.nanoTime();
                    List<SearchHit> hits = index.search(query, k);
                    nanos += System.nanoTime() - t0;
                    recall += hits.stream().filter(h -> truth.contains(h.id())).count() / (double) k;
                }
            }
            rows.add(new Row(q, recall / queries, size(dir), nanos / 1e6 / queries));
            SafeFiles.deleteTree(dir);
        }
        return rows;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
