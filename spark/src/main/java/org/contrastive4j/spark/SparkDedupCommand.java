package org.contrastive4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/** {@code c4j spark-dedup}: groups of near-duplicate texts on Spark, the same groups as {@code c4j dedup}. */
@Command(name = "spark-dedup", description = {
    "Find groups of near-duplicate texts (cosine >= --threshold) on Spark: random-hyperplane LSH bands as a blocked join,",
    "exact cosine on the candidates, connected components. The input is a corpus (.txt, .jsonl, .parquet), embedded",
    "first, or the Parquet that c4j spark-embed wrote (its 'embedding' column is used as is).",
    "Writes OUT.jsonl in c4j dedup's format ({\"group\": i, \"members\": [{\"line\": n, \"text\": ...}]}) or OUT.parquet."})
final class SparkDedupCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "FILE.txt, FILE.jsonl or FILE.parquet.")
    String input;

    @Option(names = "--field", defaultValue = "text", description = "JSONL field or Parquet column of the text (default ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--model", description = "Model directory or zoo name (default: the embedded all-MiniLM-L6-v2).")
    String model;

    @Option(names = "--output", required = true, description = "Groups: OUT.jsonl (collected on the driver) or OUT.parquet.")
    String output;

    @Option(names = "--threshold", defaultValue = "0.9", description = "Cosine at or above which two texts are duplicates (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--bits", defaultValue = "16", description = "Hyperplane signs per LSH band (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--recall", defaultValue = "0.999",
            description = "Chance that a pair exactly at the threshold is compared (sets the number of bands; default ${DEFAULT-VALUE}).")
    double recall;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random hyperplanes (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", defaultValue = "64", description = "Texts per forward pass when embedding (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    SparkMain.SessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = Path.of(output).getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".jsonl") && !name.endsWith(".parquet")) {
            throw new InvalidInputException("--output " + output + " must end in .jsonl or .parquet");
        }
        SparkEmbedCommand.refuseExisting(output, "--output");
        SparkNearDuplicates dedup = new SparkNearDuplicates(threshold, bits, recall, seed);
        SparkSession spark = session.session("c4j spark-dedup");
        Corpus.Read corpus = Corpus.read(spark, input, field, false);
        Dataset<Row> rows = session.partitioned(corpus.rows());
        Dataset<Row> embedded;
        if (Arrays.asList(rows.columns()).contains("embedding")) {
            embedded = rows;
        } else {
            embedded = SparkEmbedder.texts(model).inputColumn(corpus.inputColumn()).batchSize(batchSize).transform(rows).rows();
        }
        embedded = embedded.cache();
        Dataset<Row> groups = dedup.groups(embedded, "line", "embedding").cache();
        long count = groups.count();
        long total = embedded.count();
        if (name.endsWith(".parquet")) {
            groups.write().parquet(output);
        } else {
            writeJsonl(groups, embedded, corpus.inputColumn());
        }
        long droppable = count == 0 ? 0 : groups.selectExpr("sum(size(members) - 1)").first().getLong(0);
        spec.commandLine().getErr().printf("%d texts, %d groups of near-duplicates (%d texts could be dropped; %d LSH bands of %d bits) -> %s%n",
                total, count, droppable, dedup.bands(), bits, output);
        spec.commandLine().getErr().flush();
        return 0;
    }

    private void writeJsonl(Dataset<Row> groups, Dataset<Row> embedded, String textColumn) throws Exception {
        boolean hasText = embedded.schema().apply(textColumn).dataType().equals(DataTypes.StringType);
        Map<Long, String> texts = new HashMap<>();
        if (hasText) {
            for (Row r : groups.select(explode(col("members")).as("line")).join(embedded, "line")
                    .select("line", textColumn).collectAsList()) {
                texts.put(r.getLong(0), r.getString(1));
            }
        }
        List<Row> collected = groups.collectAsList();
        ObjectMapper json = new ObjectMapper();
        SafeFiles.write(Path.of(output), out -> {
            for (int g = 0; g < collected.size(); g++) {
                ObjectNode node = json.createObjectNode().put("group", g);
                ArrayNode members = node.putArray("members");
                for (long line : collected.get(g).<Long>getList(1)) {
                    ObjectNode m = members.addObject().put("line", line);
                    if (hasText) {
                        m.put("text", texts.get(line));
                    }
                }
                out.write(json.writeValueAsBytes(node));
                out.write('\n');
            }
        });
    }
}
