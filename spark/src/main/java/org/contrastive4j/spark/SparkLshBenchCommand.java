package org.contrastive4j.spark;

import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;

/**
 * {@code c4j spark-bench-lsh}: how the candidate generators of near-duplicate search trade
 * candidates for recall on real embeddings: the random-hyperplane bands that spark-dedup uses,
 * and Spark MLlib's BucketedRandomProjectionLSH, against exact all pairs (computed on the driver).
 */
@Command(name = "spark-bench-lsh", description = {
    "Candidates, pairs found and recall of LSH bands vs MLlib BucketedRandomProjectionLSH vs exact all pairs,",
    "on the embeddings of a Parquet file written by c4j spark-embed. Prints a table."})
final class SparkLshBenchCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Parquet with 'line' and 'embedding' (from c4j spark-embed).")
    String input;

    @Option(names = "--threshold", defaultValue = "0.9", description = "Cosine threshold (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--bits", split = ",", defaultValue = "12,16,20", description = "Bits per band to try (default ${DEFAULT-VALUE}).")
    int[] bits;

    @Option(names = "--bucket-lengths", split = ",", defaultValue = "0.02,0.05,0.1",
            description = "BucketedRandomProjectionLSH bucket lengths to try (default ${DEFAULT-VALUE}).")
    double[] bucketLengths;

    @Option(names = "--tables", defaultValue = "8", description = "BucketedRandomProjectionLSH hash tables (default ${DEFAULT-VALUE}).")
    int tables;

    @Mixin
    SparkMain.SessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = session.session("c4j spark-bench-lsh");
        Dataset<Row> vectors = SparkNearDuplicates.normalisedVectors(spark.read().parquet(input), "line", "embedding").cache();
        List<Row> rows = vectors.collectAsList();
        float[][] v = rows.stream().map(r -> SparkNearDuplicates.floats(r.getList(1))).toArray(float[][]::new);
        long start = System.nanoTime();
        long exact = IntStream.range(0, v.length).parallel().mapToLong(i -> {
            long c = 0;
            for (int j = i + 1; j < v.length; j++) {
                if (SparkNearDuplicates.dot(v[i], v[j]) >= threshold) {
                    c++;
                }
            }
            return c;
        }).sum();
        double exactSeconds = (System.nanoTime() - start) / 1e9;
        long allPairs = (long) v.length * (v.length - 1) / 2;
        out.printf(Locale.ROOT, "%d vectors, %d pairs, %d at cosine >= %.3f, %s%n", v.length, allPairs, exact, threshold,
                spark.sparkContext().master());
        out.printf("%-34s %12s %10s %8s %8s %8s%n", "candidates from", "candidates", "of pairs", "found", "recall", "seconds");
        out.printf(Locale.ROOT, "%-34s %12d %9.3f%% %8d %8.4f %8.1f%n", "exact, all pairs (driver)", allPairs, 100.0, exact, 1.0, exactSeconds);
        for (int b : bits) {
            SparkNearDuplicates dedup = new SparkNearDuplicates(threshold, b, 0.999, 42);
            start = System.nanoTime();
            Dataset<Row> candidates = dedup.bandCandidates(vectors).cache();
            long count = candidates.count();
            long found = dedup.exactEdges(candidates, vectors).count();
            double seconds = (System.nanoTime() - start) / 1e9;
            candidates.unpersist();
            out.printf(Locale.ROOT, "%-34s %12d %9.3f%% %8d %8.4f %8.1f%n",
                    "bands: " + dedup.bands() + " x " + b + " bits", count, 100.0 * count / allPairs, found, ratio(found, exact), seconds);
            out.flush();
        }
        Dataset<Row> features = vectors.select(col("id"), array_to_vector(col("v")).as("features")).cache();
        double radius = Math.sqrt(2 - 2 * threshold);
        for (double length : bucketLengths) {
            start = System.nanoTime();
            BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setBucketLength(length).setNumHashTables(tables)
                    .setSeed(42).setInputCol("features").setOutputCol("hashes").fit(features);
            // A radius of 3 keeps every candidate (unit vectors are at most 2 apart), so the count is the candidates'.
            Dataset<Row> joined = model.approxSimilarityJoin(features, features, 3.0, "distance").toDF()
                    .filter(col("datasetA.id").lt(col("datasetB.id"))).cache();
            long count = joined.count();
            long found = joined.filter(col("distance").leq(radius)).count();
            double seconds = (System.nanoTime() - start) / 1e9;
            joined.unpersist();
            out.printf(Locale.ROOT, "%-34s %12d %9.3f%% %8d %8.4f %8.1f%n",
                    String.format(Locale.ROOT, "MLlib BRP: %d tables, bucket %.3f", tables, length), count, 100.0 * count / allPairs, found,
                    ratio(found, exact), seconds);
            out.flush();
        }
        return 0;
    }

    private static double ratio(long found, long exact) {
        return exact == 0 ? 1 : (double) found / exact;
    }
}
