package org.contrastive4j.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.contrastive4j.InvalidInputException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Adds an embedding column (array&lt;float&gt;) to a DataFrame, from a text column with a text model
 * directory (default: the embedded all-MiniLM-L6-v2) or from an image-bytes column with a CLIP
 * model directory. Each executor JVM loads the model once ({@link ExecutorModels}); rows are
 * embedded in batches inside {@code mapPartitions}. A row whose input is null, blank or not a
 * decodable image keeps a null embedding and is counted in {@link Result#skipped()}.
 *
 * <pre>{@code
 * SparkEmbedder.Result r = SparkEmbedder.texts(null).inputColumn("gloss").transform(df);
 * r.rows().write().parquet("glosses.parquet");
 * long bad = r.skipped().value();   // after an action
 * }</pre>
 */
public final class SparkEmbedder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the input column holds. */
    public enum Kind { TEXT, IMAGE }

    /**
     * The input rows with the embedding column appended, and the count of rows that had nothing
     * to embed. Like every Spark accumulator updated in a transformation, the count is added at
     * each evaluation of {@code rows}: read it after one action (or cache the rows first); to
     * count from the data itself, filter on a null embedding.
     */
    public record Result(Dataset<Row> rows, LongAccumulator skipped) {}

    private final Kind kind;
    private final String modelDir;
    private String inputColumn = "text";
    private String outputColumn = "embedding";
    private int batchSize = 64;

    private SparkEmbedder(Kind kind, String modelDir) {
        this.kind = kind;
        this.modelDir = modelDir;
    }

    /** Texts, with a model directory written by contrastive4j, or null for the embedded MiniLM. */
    public static SparkEmbedder texts(String modelDir) {
        return new SparkEmbedder(Kind.TEXT, modelDir);
    }

    /** Encoded images (PNG, JPEG, ...) in a binary column, with a CLIP model directory ({@code c4j train clip}). */
    public static SparkEmbedder images(String clipModelDir) {
        return new SparkEmbedder(Kind.IMAGE, clipModelDir);
    }

    public SparkEmbedder inputColumn(String column) {
        this.inputColumn = column;
        return this;
    }

    public SparkEmbedder outputColumn(String column) {
        this.outputColumn = column;
        return this;
    }

    public SparkEmbedder batchSize(int size) {
        if (size < 1) {
            throw new InvalidInputException("batch size must be at least 1, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    public Result transform(Dataset<Row> input) {
        StructType schema = input.schema();
        if (!Arrays.asList(schema.fieldNames()).contains(inputColumn)) {
            throw new InvalidInputException("no column '" + inputColumn + "' to embed; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        if (Arrays.asList(schema.fieldNames()).contains(outputColumn)) {
            throw new InvalidInputException("the input already has a column '" + outputColumn + "'; choose another output column");
        }
        DataType expected = kind == Kind.TEXT ? DataTypes.StringType : DataTypes.BinaryType;
        DataType actual = schema.apply(inputColumn).dataType();
        if (!actual.equals(expected)) {
            throw new InvalidInputException("column '" + inputColumn + "' is " + actual.simpleString() + "; embedding "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + "s needs " + expected.simpleString());
        }
        LongAccumulator skipped = input.sparkSession().sparkContext().longAccumulator("rows with nothing to embed");
        StructType out = schema.add(outputColumn, DataTypes.createArrayType(DataTypes.FloatType, false), true);
        Dataset<Row> rows = input.mapPartitions(
                new EmbedPartition(kind, modelDir, schema.fieldIndex(inputColumn), batchSize, skipped), Encoders.row(out));
        return new Result(rows, skipped);
    }

    private record EmbedPartition(Kind kind, String modelDir, int column, int batchSize, LongAccumulator skipped)
            implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            ExecutorModels.Embedder model = ExecutorModels.get(kind, modelDir, task == null ? 1 : task.cpus());
            return new Batches(rows, model, column, batchSize, skipped);
        }
    }

    /**
     * Pulls a chunk of rows, embeds those with input, and hands them out with the embedding
     * appended. A chunk is several batches: the model sorts a chunk's texts by length before
     * batching, so a batch pads to similar lengths (as c4j embed does over the whole file).
     */
    private static final class Batches implements Iterator<Row> {
        private static final int BATCHES_PER_CHUNK = 16;

        private final Iterator<Row> source;
        private final ExecutorModels.Embedder model;
        private final int column;
        private final int batchSize;
        private final LongAccumulator skipped;
        private final List<Row> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<Row> source, ExecutorModels.Embedder model, int column, int batchSize, LongAccumulator skipped) {
            this.source = source;
            this.model = model;
            this.column = column;
            this.batchSize = batchSize;
            this.skipped = skipped;
        }

        @Override
        public boolean hasNext() {
            if (next == ready.size()) {
                fill();
            }
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void fill() {
            ready.clear();
            next = 0;
            List<Row> batch = new ArrayList<>();
            List<Object> inputs = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            while (batch.size() < batchSize * BATCHES_PER_CHUNK && source.hasNext()) {
                Row row = source.next();
                Object prepared = model.prepare(row.isNullAt(column) ? null : row.get(column));
                if (prepared != null) {
                    inputs.add(prepared);
                    positions.add(batch.size());
                } else {
                    skipped.add(1);
                }
                batch.add(row);
            }
            float[][] vectors = inputs.isEmpty() ? new float[0][] : model.embed(inputs, batchSize);
            Object[] embeddings = new Object[batch.size()];
            for (int i = 0; i < vectors.length; i++) {
                embeddings[positions.get(i)] = vectors[i];
            }
            for (int i = 0; i < batch.size(); i++) {
                Row row = batch.get(i);
                Object[] values = new Object[row.length() + 1];
                for (int c = 0; c < row.length(); c++) {
                    values[c] = row.get(c);
                }
                values[row.length()] = embeddings[i];
                ready.add(RowFactory.create(values));
            }
        }
    }
}
