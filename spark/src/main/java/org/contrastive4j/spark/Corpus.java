package org.contrastive4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.contrastive4j.InvalidInputException;
import scala.Tuple2;

import java.io.IOException;
import java.util.Locale;

/**
 * A corpus read into a DataFrame whose first column {@code line} (long) numbers the rows from 1
 * as {@code c4j embed} numbers lines, so results can be joined back and compared:
 * <ul>
 *   <li>{@code .txt}: one text per line; columns line, text;</li>
 *   <li>{@code .jsonl}: one JSON object per line, the text in {@code field}; columns line, text;
 *       a line that is not JSON is kept with a null text and its number is recorded;</li>
 *   <li>{@code .parquet} (file or directory): all its columns, after line (the row's position);</li>
 *   <li>a directory of images: Spark's binaryFile source (path, modificationTime, length, content).</li>
 * </ul>
 */
public final class Corpus {
    /** Line numbers of malformed JSONL lines kept per task, so a bad file cannot flood the driver. */
    private static final int MALFORMED_KEPT_PER_TASK = 20;

    private Corpus() {}

    /** The rows, the column holding what to embed, and the malformed lines seen (after an action). */
    public record Read(Dataset<Row> rows, String inputColumn, CollectionAccumulator<Long> malformedLines) {}

    public static Read read(SparkSession spark, String path, String field, boolean images) {
        java.nio.file.Path local = java.nio.file.Path.of(path);
        String name = local.getFileName() == null ? path : local.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean isLocal = !path.contains("://");
        if (isLocal && !java.nio.file.Files.exists(local)) {
            throw new InvalidInputException("input " + path + " does not exist");
        }
        CollectionAccumulator<Long> malformed = spark.sparkContext().collectionAccumulator("malformed JSONL lines");
        if (name.endsWith(".parquet")) {
            Dataset<Row> parquet = spark.read().parquet(path);
            return new Read(numbered(parquet), field, malformed);
        }
        if (images) {
            if (isLocal && !java.nio.file.Files.isDirectory(local)) {
                throw new InvalidInputException("--images reads a directory of images (or a .parquet file with a binary column); "
                        + path + " is neither");
            }
            Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,gif}").load(path).orderBy("path");
            return new Read(numbered(files), "content", malformed);
        }
        if (!name.endsWith(".txt") && !name.endsWith(".jsonl")) {
            throw new InvalidInputException("input " + path + " must end in .txt, .jsonl or .parquet (or be a directory of images with --images)");
        }
        boolean jsonl = name.endsWith(".jsonl");
        JavaRDD<Row> rows = spark.read().textFile(path).javaRDD().zipWithIndex()
                .map(new LineToRow(jsonl, field, malformed));
        StructType schema = new StructType().add("line", DataTypes.LongType, false).add("text", DataTypes.StringType, true);
        return new Read(spark.createDataFrame(rows, schema), "text", malformed);
    }

    /**
     * Prepends {@code line}: the 1-based position of each row, in the source's order. Rows that
     * already carry a long {@code line} (Parquet written by spark-embed) keep theirs.
     */
    private static Dataset<Row> numbered(Dataset<Row> data) {
        if (java.util.Arrays.asList(data.columns()).contains("line")) {
            if (data.schema().apply("line").dataType() != DataTypes.LongType) {
                throw new InvalidInputException("the input's column 'line' must be a long (a row number), it is "
                        + data.schema().apply("line").dataType().simpleString());
            }
            return data;
        }
        StructType schema = new StructType().add("line", DataTypes.LongType, false);
        for (var f : data.schema().fields()) {
            schema = schema.add(f);
        }
        JavaRDD<Row> rows = data.javaRDD().zipWithIndex().map(t -> {
            Object[] values = new Object[t._1().length() + 1];
            values[0] = t._2() + 1;
            for (int i = 0; i < t._1().length(); i++) {
                values[i + 1] = t._1().get(i);
            }
            return RowFactory.create(values);
        });
        return data.sparkSession().createDataFrame(rows, schema);
    }

    private static final class LineToRow implements org.apache.spark.api.java.function.Function<Tuple2<String, Long>, Row> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();
        private final boolean jsonl;
        private final String field;
        private final CollectionAccumulator<Long> malformed;
        private transient int kept;

        LineToRow(boolean jsonl, String field, CollectionAccumulator<Long> malformed) {
            this.jsonl = jsonl;
            this.field = field;
            this.malformed = malformed;
        }

        @Override
        public Row call(Tuple2<String, Long> numbered) {
            long line = numbered._2() + 1;
            String raw = numbered._1();
            if (!jsonl || raw.isBlank()) {
                return RowFactory.create(line, raw);
            }
            try {
                JsonNode node = JSON.readTree(raw);
                JsonNode text = node == null ? null : node.get(field);
                return RowFactory.create(line, text != null && text.isTextual() ? text.asText() : null);
            } catch (IOException e) {
                if (kept++ < MALFORMED_KEPT_PER_TASK) {
                    malformed.add(line);
                }
                return RowFactory.create(line, null);
            }
        }
    }
}
