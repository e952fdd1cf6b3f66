package org.contrastive4j.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.contrastive4j.InvalidInputException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;

/**
 * Groups of near-duplicates (cosine >= threshold) in a DataFrame of embeddings, without an
 * all-pairs join: the same answer as the single-machine {@code c4j dedup}, computed by a blocked
 * join and exact cosine on the candidates.
 * <ol>
 *   <li>Candidates: random-hyperplane LSH (Charikar 2002) with bands. A band is {@code bits}
 *       signs of the vector against random hyperplanes; two vectors are candidates when they agree
 *       on every bit of at least one band. Two vectors at angle t agree on a bit with probability
 *       1 - t/pi, so the number of bands is chosen so that a pair exactly at the threshold is a
 *       candidate with probability {@code recall} (pairs above it, more often).</li>
 *   <li>Exact cosine on each distinct candidate pair; pairs at or above the threshold are edges.</li>
 *   <li>Groups: connected components of the edges, by min-label propagation (each round is a
 *       join; it stops when no label changes).</li>
 * </ol>
 * Spark MLlib's BucketedRandomProjectionLSH was measured and not used: it ORs single random
 * projections, so in 384 dimensions a bucket wide enough to keep near-duplicates together
 * also holds a large share of all pairs (BENCHMARKS.md).
 */
public final class SparkNearDuplicates implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ROUNDS = 200;

    private final double threshold;
    private final int bits;
    private final int bands;
    private final long seed;

    /**
     * @param threshold cosine at or above which two rows are duplicates
     * @param bits      signs per band (more: fewer candidates, more bands needed)
     * @param recall    probability that a pair exactly at the threshold becomes a candidate
     * @param seed      seed of the random hyperplanes
     */
    public SparkNearDuplicates(double threshold, int bits, double recall, long seed) {
        if (!(threshold > -1 && threshold <= 1)) {
            throw new InvalidInputException("threshold must be a cosine in (-1, 1], got " + threshold);
        }
        if (bits < 1 || bits > 62) {
            throw new InvalidInputException("bits per band must be in 1..62, got " + bits);
        }
        if (!(recall > 0 && recall < 1)) {
            throw new InvalidInputException("recall must be in (0, 1), got " + recall);
        }
        this.threshold = threshold;
        this.bits = bits;
        this.bands = bandsFor(threshold, bits, recall);
        this.seed = seed;
    }

    /** Bands so that a pair at cosine {@code threshold} shares at least one band with probability >= recall. */
    static int bandsFor(double threshold, int bits, double recall) {
        double agree = 1 - Math.acos(Math.min(1, threshold)) / Math.PI;
        double bandHit = Math.pow(agree, bits);
        if (bandHit >= 1) {
            return 1;
        }
        return (int) Math.max(1, Math.ceil(Math.log(1 - recall) / Math.log(1 - bandHit)));
    }

    public int bands() {
        return bands;
    }

    /**
     * Groups among the rows of {@code embedded} with a non-null embedding.
     *
     * @param idColumn a long column, unique per row
     * @return columns {@code group} (the smallest id of the group) and {@code members} (sorted ids),
     *     ordered by group; only groups of two or more
     */
    public Dataset<Row> groups(Dataset<Row> embedded, String idColumn, String embeddingColumn) {
        Dataset<Row> edges = edges(embedded, idColumn, embeddingColumn).cache();
        Dataset<Row> labels = connectedComponents(edges);
        edges.unpersist();
        return labels.groupBy(col("label").as("group"))
                .agg(sort_array(collect_list(col("id"))).as("members"))
                .filter(size(col("members")).geq(2))
                .orderBy("group");
    }

    /** Pairs (src &lt; dst) at cosine &gt;= threshold: columns src, dst, cosine. */
    public Dataset<Row> edges(Dataset<Row> embedded, String idColumn, String embeddingColumn) {
        Dataset<Row> vectors = normalisedVectors(embedded, idColumn, embeddingColumn).cache();
        return exactEdges(bandCandidates(vectors), vectors);
    }

    /** Rows with an embedding as (id long, v array<float> of unit length). */
    static Dataset<Row> normalisedVectors(Dataset<Row> embedded, String idColumn, String embeddingColumn) {
        if (embedded.schema().apply(idColumn).dataType() != DataTypes.LongType) {
            throw new InvalidInputException("id column '" + idColumn + "' must be a long, it is "
                    + embedded.schema().apply(idColumn).dataType().simpleString());
        }
        StructType vectorSchema = new StructType().add("id", DataTypes.LongType, false)
                .add("v", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        Dataset<Row> vectors = embedded.filter(col(embeddingColumn).isNotNull())
                .select(col(idColumn).as("id"), col(embeddingColumn).as("v"))
                .map((MapFunction<Row, Row>) r -> RowFactory.create(r.getLong(0), normalised(r.getList(1))), Encoders.row(vectorSchema));
        if (vectors.isEmpty()) {
            throw new InvalidInputException("no row has an embedding; nothing to deduplicate");
        }
        return vectors;
    }

    /** Distinct pairs (src < dst) that agree on every bit of at least one band. */
    Dataset<Row> bandCandidates(Dataset<Row> vectors) {
        int d = vectors.first().getList(1).size();
        Broadcast<float[][]> planes = new JavaSparkContext(vectors.sparkSession().sparkContext())
                .broadcast(hyperplanes(bands * bits, d, seed));
        StructType signatureSchema = new StructType().add("id", DataTypes.LongType, false)
                .add("band", DataTypes.IntegerType, false).add("signature", DataTypes.LongType, false);
        int bandCount = bands;
        int bitCount = bits;
        Dataset<Row> signatures = vectors.flatMap((FlatMapFunction<Row, Row>) r -> {
            float[] v = floats(r.getList(1));
            float[][] p = planes.value();
            List<Row> out = new ArrayList<>(bandCount);
            for (int b = 0; b < bandCount; b++) {
                long signature = 0;
                for (int k = 0; k < bitCount; k++) {
                    if (dot(p[b * bitCount + k], v) >= 0) {
                        signature |= 1L << k;
                    }
                }
                out.add(RowFactory.create(r.getLong(0), b, signature));
            }
            return out.iterator();
        }, Encoders.row(signatureSchema));
        Dataset<Row> a = signatures.as("a");
        Dataset<Row> b = signatures.as("b");
        return a.join(b, col("a.band").equalTo(col("b.band"))
                        .and(col("a.signature").equalTo(col("b.signature"))).and(col("a.id").lt(col("b.id"))))
                .select(col("a.id").as("src"), col("b.id").as("dst")).distinct();
    }

    /** Candidate pairs with their exact cosine, kept when at or above the threshold. */
    Dataset<Row> exactEdges(Dataset<Row> candidates, Dataset<Row> vectors) {
        double t = threshold;
        StructType edgeSchema = new StructType().add("src", DataTypes.LongType, false).add("dst", DataTypes.LongType, false)
                .add("cosine", DataTypes.DoubleType, false);
        return candidates
                .join(vectors.as("vs"), col("src").equalTo(col("vs.id")))
                .join(vectors.as("vd"), col("dst").equalTo(col("vd.id")))
                .select(col("src"), col("dst"), col("vs.v"), col("vd.v"))
                .map((MapFunction<Row, Row>) r -> RowFactory.create(r.getLong(0), r.getLong(1),
                        (double) dot(floats(r.getList(2)), floats(r.getList(3)))), Encoders.row(edgeSchema))
                .filter(col("cosine").geq(t));
    }

    /** Each vertex of the edges labelled with the smallest id of its component: columns id, label. */
    static Dataset<Row> connectedComponents(Dataset<Row> edges) {
        Dataset<Row> labels = edges.select(col("src").as("id")).union(edges.select(col("dst").as("id"))).distinct()
                .withColumn("label", col("id")).localCheckpoint();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Dataset<Row> l = labels.as("l");
            Dataset<Row> fromSrc = edges.join(l, col("src").equalTo(col("l.id"))).select(col("dst").as("id"), col("l.label"));
            Dataset<Row> fromDst = edges.join(l, col("dst").equalTo(col("l.id"))).select(col("src").as("id"), col("l.label"));
            Dataset<Row> next = labels.union(fromSrc).union(fromDst).groupBy("id").agg(min("label").as("label")).localCheckpoint();
            long changed = next.as("n").join(labels.as("o"), col("n.id").equalTo(col("o.id")))
                    .filter(col("n.label").notEqual(col("o.label"))).count();
            labels = next;
            if (changed == 0) {
                return labels;
            }
        }
        throw new IllegalStateException("connected components did not settle in " + MAX_ROUNDS + " rounds");
    }

    static float[][] hyperplanes(int count, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] planes = new float[count][d];
        for (float[] plane : planes) {
            for (int i = 0; i < d; i++) {
                plane[i] = (float) gaussian(random);
            }
        }
        return planes;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static float[] normalised(List<Float> v) {
        float[] f = floats(v);
        double norm = Math.sqrt(dot(f, f));
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new InvalidInputException("an embedding has norm " + norm + "; cannot compare it by cosine");
        }
        for (int i = 0; i < f.length; i++) {
            f[i] /= (float) norm;
        }
        return f;
    }

    static float[] floats(List<Float> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i);
        }
        return f;
    }

    static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InvalidInputException("embeddings of different sizes: " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return (float) s;
    }
}
