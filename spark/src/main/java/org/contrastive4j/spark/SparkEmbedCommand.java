package org.contrastive4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.contrastive4j.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/** {@code c4j spark-embed}: an embedding column for a corpus, as Parquet and optionally .npy shards. */
@Command(name = "spark-embed", description = {
    "Embed a corpus on Spark: texts (.txt, .jsonl, .parquet) with a text model (default: the embedded MiniLM),",
    "or images (a directory, or a .parquet binary column) with --images and a CLIP model directory.",
    "Writes Parquet: the input's columns, 'line' (row number from 1) and 'embedding' (array<float>).",
    "Rows with nothing to embed (null or blank text, undecodable image) keep a null embedding and are counted."})
final class SparkEmbedCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "FILE.txt, FILE.jsonl, FILE.parquet or a directory of images.")
    String input;

    @Option(names = "--field", defaultValue = "text", description = "JSONL field or Parquet column to embed (default ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--images", description = "The input holds images (a directory, or --field is a binary Parquet column).")
    boolean images;

    @Option(names = "--model", description = "Model directory or zoo name (default: the embedded all-MiniLM-L6-v2; images need a CLIP model).")
    String model;

    @Option(names = "--output", required = true, description = "OUT.parquet (a directory, as Spark writes it).")
    String output;

    @Option(names = "--npy", description = "Also write .npy shards (part-NNNNN.npy + part-NNNNN.keys) into this directory.")
    String npy;

    @Option(names = "--batch-size", defaultValue = "64", description = "Rows per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    SparkMain.SessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        refuseExisting(output, "--output");
        if (npy != null) {
            refuseExisting(npy, "--npy");
        }
        SparkSession spark = session.session("c4j spark-embed");
        long start = System.nanoTime();
        Corpus.Read corpus = Corpus.read(spark, input, field, images);
        Dataset<Row> rows = session.partitioned(corpus.rows());
        SparkEmbedder embedder = images ? SparkEmbedder.images(model) : SparkEmbedder.texts(model);
        SparkEmbedder.Result result = embedder.inputColumn(corpus.inputColumn()).batchSize(batchSize).transform(rows);
        result.rows().write().parquet(output);
        Dataset<Row> written = spark.read().parquet(output);
        // One pass over the written rows for both counts: count(column) skips nulls.
        Row counts = written.agg(count(lit(1)), count(col("embedding"))).first();
        long total = counts.getLong(0);
        long embedded = counts.getLong(1);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (npy != null) {
            EmbeddingShards.write(written, "line", "embedding", npy);
        }
        List<Long> malformed = corpus.malformedLines().value();
        if (!malformed.isEmpty()) {
            err.printf("malformed JSON on line(s) %s%s%n", malformed.stream().sorted().limit(20).toList(),
                    malformed.size() > 20 ? " ..." : "");
        }
        if (total > embedded) {
            err.printf("%d row(s) had nothing to embed (null, blank%s); their embedding is null%n", total - embedded,
                    images ? ", or not a decodable image" : " or malformed");
        }
        err.printf(Locale.ROOT, "embedded %d of %d rows in %.1f s (%.0f rows/s, %d partitions, %s) into %s%s%n", embedded, total,
                seconds, embedded / seconds, rows.rdd().getNumPartitions(), spark.sparkContext().master(), output,
                npy == null ? "" : " and " + npy);
        err.flush();
        return 0;
    }

    /** Nothing already written is lost: an existing local output is refused, not replaced. */
    static void refuseExisting(String path, String option) {
        if (!path.contains("://") && Files.exists(Path.of(path))) {
            throw new InvalidInputException(option + " " + path + " already exists; remove it or choose another");
        }
    }
}
