package org.contrastive4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.contrastive4j.cli.Main;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark module in local[2] on WordNet glosses, against the single-machine commands on the
 * same file: embeddings (cosine >= 0.9999 per line), dedup groups (equal), bad rows (counted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTest {
    private static final int GLOSSES = 1200;
    private static final int PLANTED = 30;

    private Path dir;
    private Path corpus;
    private SparkSession spark;
    private Map<Long, float[]> single;
    private Run sparkEmbed;

    record Run(int code, String out, String err) {}

    @BeforeAll
    void embedOnBoth() throws IOException {
        dir = Files.createTempDirectory("c4j-spark");
        List<String> lines = new ArrayList<>();
        List<Synset> nouns = WordNet.readFile(WordNet.DEFAULT_DIR.resolve("data.noun"));
        for (int i = 0; i < GLOSSES; i++) {
            lines.add(nouns.get(i * 7).definition());
        }
        // Planted near-duplicates: the same gloss capitalised, with a full stop, or with "the" in front.
        for (int i = 0; i < PLANTED; i++) {
            String g = lines.get(i * 37);
            lines.add(switch (i % 3) {
                case 0 -> g.toUpperCase(java.util.Locale.ROOT);
                case 1 -> g + ".";
                default -> "the " + g;
            });
        }
        lines.add(500, "   ");
        corpus = dir.resolve("glosses.txt");
        Files.write(corpus, lines);
        spark = SparkSession.builder().master("local[2]").appName("SparkTest").config("spark.ui.enabled", "false").getOrCreate();

        Run c4j = c4j("embed", "--input", corpus.toString(), "--output", dir.resolve("single.jsonl").toString(), "--no-progress");
        assertEquals(0, c4j.code(), c4j.err());
        single = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("single.jsonl"))) {
            JsonNode node = new ObjectMapper().readTree(line);
            float[] v = new float[node.get("embedding").size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) node.get("embedding").get(i).asDouble();
            }
            single.put(node.get("line").asLong(), v);
        }
        sparkEmbed = spark("spark-embed", "--input", corpus.toString(), "--output", dir.resolve("spark.parquet").toString(),
                "--npy", dir.resolve("shards").toString());
        assertEquals(0, sparkEmbed.code(), sparkEmbed.err());
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void parquetEmbeddingsEqualTheSingleMachineOnes() {
        Dataset<Row> rows = spark.read().parquet(dir.resolve("spark.parquet").toString());
        assertEquals(GLOSSES + PLANTED + 1, rows.count());
        int compared = 0;
        for (Row r : rows.collectAsList()) {
            long line = r.getLong(r.fieldIndex("line"));
            if (r.isNullAt(r.fieldIndex("embedding"))) {
                assertEquals(501, line, "only the blank line has no embedding");
                continue;
            }
            List<Float> v = r.getList(r.fieldIndex("embedding"));
            float[] f = new float[v.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = v.get(i);
            }
            assertTrue(cosine(f, single.get(line)) >= 0.9999, "line " + line + ": cosine " + cosine(f, single.get(line)));
            compared++;
        }
        assertEquals(single.size(), compared);
        assertTrue(sparkEmbed.err().contains("1 row(s) had nothing to embed"), sparkEmbed.err());
        assertTrue(sparkEmbed.err().contains("embedded " + single.size() + " of " + (GLOSSES + PLANTED + 1) + " rows"), sparkEmbed.err());
    }

    @Test
    void npyShardsReadBackWithTheInterchangeCode() {
        EmbeddingShards.Loaded shards = EmbeddingShards.read(dir.resolve("shards"));
        assertEquals(single.size(), shards.keys().size());
        assertTrue(shards.vectors().length == shards.keys().size());
        for (int i = 0; i < shards.keys().size(); i++) {
            float[] expected = single.get(Long.parseLong(shards.keys().get(i)));
            assertTrue(cosine(shards.vectors()[i], expected) >= 0.9999, "shard row " + i);
        }
        assertTrue(new java.io.File(dir.resolve("shards").toFile(), "part-00000.npy").isFile());
    }

    @Test
    void dedupGroupsEqualTheSingleMachineOnes() throws IOException {
        Run one = c4j("dedup", "--vectors", dir.resolve("single.jsonl").toString(), "--output", dir.resolve("single-groups.jsonl").toString(),
                "--threshold", "0.9");
        assertEquals(0, one.code(), one.err());
        Run many = spark("spark-dedup", "--input", dir.resolve("spark.parquet").toString(),
                "--output", dir.resolve("spark-groups.jsonl").toString(), "--threshold", "0.9");
        assertEquals(0, many.code(), many.err());
        List<List<Long>> expected = groups(dir.resolve("single-groups.jsonl"));
        List<List<Long>> actual = groups(dir.resolve("spark-groups.jsonl"));
        assertTrue(expected.size() >= PLANTED, "the planted duplicates form groups: " + expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void theLshBenchmarkPrintsItsTable() {
        Run run = spark("spark-bench-lsh", "--input", dir.resolve("spark.parquet").toString(), "--bits", "16", "--tables", "1",
                "--bucket-lengths", "0.005");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("exact, all pairs (driver)") && run.out().contains("bands: 79 x 16 bits")
                && run.out().contains("MLlib BRP: 1 tables, bucket 0.005"), run.out());
        // the planted duplicates are all found by the bands (recall column of the bands row)
        String bands = run.out().lines().filter(l -> l.startsWith("bands:")).findFirst().orElseThrow();
        assertTrue(bands.contains(" 1.0000 "), bands);
    }

    @Test
    void dedupEmbedsATextCorpusItself() throws IOException {
        Path small = dir.resolve("small.jsonl");
        Files.write(small, List.of("{\"text\": \"a domesticated carnivorous mammal\"}", "{\"text\": \"A DOMESTICATED CARNIVOROUS MAMMAL\"}",
                "{\"text\": \"a tall building\"}", "{\"text\": \"the price of a ticket\"}", "{\"text\": \"a domesticated carnivorous mammal.\"}"));
        Run run = spark("spark-dedup", "--input", small.toString(), "--output", dir.resolve("small-groups.jsonl").toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(List.of(1L, 2L, 5L)), groups(dir.resolve("small-groups.jsonl")));
    }

    @Test
    void badRowsAreCountedNotFatal() throws IOException {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.write(jsonl, List.of("{\"text\": \"a gloss\"}", "{\"text\": null}", "not json at all", "{\"other\": 1}",
                "", "{\"text\": \"another gloss\"}"));
        Path out = dir.resolve("bad.parquet");
        Run run = spark("spark-embed", "--input", jsonl.toString(), "--output", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("malformed JSON on line(s) [3]"), run.err());
        assertTrue(run.err().contains("4 row(s) had nothing to embed"), run.err());
        Dataset<Row> rows = spark.read().parquet(out.toString()).orderBy("line");
        List<Long> embedded = rows.filter("embedding is not null").select("line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertEquals(List.of(1L, 6L), embedded);
    }

    @Test
    void imagesEmbedAsTheClipModelDoes() throws IOException {
        Path model = dir.resolve("clip");
        try (ClipModel clip = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 4, new int[] {8}, 1),
                new int[] {1, 28, 28}, 16, 0), TextModel.miniLm(), 3)) {
            clip.save(model);
        }
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        Path images = dir.resolve("images");
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Path file = images.resolve(FashionMnist.CLASSES.get(test.labels()[i]).replace('/', '-')).resolve(String.format("%03d.png", i));
            Files.createDirectories(file.getParent());
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            float[] f = test.image(i);
            for (int p = 0; p < f.length; p++) {
                int v = Math.round(f[p] * 255);
                image.getRaster().setSample(p % 28, p / 28, 0, v);
            }
            ImageIO.write(image, "png", file.toFile());
        }
        Files.createDirectories(images.resolve("broken"));
        Files.write(images.resolve("broken").resolve("broken.png"), new byte[] {1, 2, 3});
        Corpus.Read read = Corpus.read(spark, images.toString(), null, true);
        SparkEmbedder.Result result = SparkEmbedder.images(model.toString()).inputColumn(read.inputColumn()).transform(read.rows());
        // One action only: Spark counts the accumulator once per evaluation (an orderBy samples first).
        List<Row> rows = new ArrayList<>(result.rows().collectAsList());
        rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
        assertEquals(13, rows.size());
        assertEquals(1L, result.skipped().value(), "the broken file is counted");
        List<float[]> decoded = new ArrayList<>();
        List<float[]> embedded = new ArrayList<>();
        for (Row r : rows) {
            if (r.getString(r.fieldIndex("path")).endsWith("broken.png")) {
                assertTrue(r.isNullAt(r.fieldIndex("embedding")));
                continue;
            }
            decoded.add(org.contrastive4j.data.ImageDataset.unit(ImageFolder.decode(r.getAs("content"), 28, 1)));
            List<Float> v = r.getList(r.fieldIndex("embedding"));
            float[] e = new float[v.size()];
            for (int p = 0; p < e.length; p++) {
                e[p] = v.get(p);
            }
            embedded.add(e);
        }
        try (ClipModel clip = ClipModel.load(model)) {
            float[][] expected = clip.embedImages(decoded.toArray(new float[0][]));
            for (int i = 0; i < expected.length; i++) {
                assertTrue(cosine(expected[i], embedded.get(i)) >= 0.9999, "image " + i);
            }
        }
    }

    @Test
    void theApiReportsWhatItSkippedAndRefusesAWrongColumn() {
        StructType schema = new StructType().add("line", DataTypes.LongType).add("text", DataTypes.StringType);
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(1L, "a gloss"), RowFactory.create(2L, null)), schema);
        SparkEmbedder.Result result = SparkEmbedder.texts(null).transform(df);
        assertEquals(2, result.rows().count());
        assertEquals(1L, result.skipped().value());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.contrastive4j.InvalidInputException.class,
                () -> SparkEmbedder.texts(null).inputColumn("gloss").transform(df));
        assertTrue(e.getMessage().contains("no column 'gloss'"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(org.contrastive4j.InvalidInputException.class,
                () -> SparkEmbedder.images("/nowhere").inputColumn("text").transform(df));
        assertTrue(e.getMessage().contains("needs binary"), e.getMessage());
    }

    @Test
    void userMistakesAreOneLineNotAStackTrace() throws IOException {
        Run missing = spark("spark-embed", "--input", dir.resolve("nope.txt").toString(), "--output", dir.resolve("x.parquet").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("c4j spark-embed: error: input ") && missing.err().contains("does not exist"), missing.err());
        assertTrue(!missing.err().contains("\tat "), missing.err());
        Run exists = spark("spark-embed", "--input", corpus.toString(), "--output", dir.resolve("spark.parquet").toString());
        assertEquals(1, exists.code());
        assertTrue(exists.err().contains("already exists"), exists.err());
    }

    @Test
    void connectedComponentsFollowLongChains() {
        StructType schema = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType);
        List<Row> edges = new ArrayList<>();
        for (long i = 1; i < 9; i++) {
            edges.add(RowFactory.create(i, i + 1));
        }
        edges.add(RowFactory.create(20L, 30L));
        edges.add(RowFactory.create(25L, 30L));
        Map<Long, Long> labels = new HashMap<>();
        for (Row r : SparkNearDuplicates.connectedComponents(spark.createDataFrame(edges, schema)).collectAsList()) {
            labels.put(r.getLong(0), r.getLong(1));
        }
        for (long i = 1; i <= 9; i++) {
            assertEquals(1L, labels.get(i));
        }
        assertEquals(20L, labels.get(25L));
        assertEquals(20L, labels.get(30L));
    }

    @Test
    void bandsGiveTheAskedRecallAtTheThreshold() {
        int bands = SparkNearDuplicates.bandsFor(0.9, 16, 0.999);
        double hit = Math.pow(1 - Math.acos(0.9) / Math.PI, 16);
        assertTrue(1 - Math.pow(1 - hit, bands) >= 0.999);
        assertTrue(1 - Math.pow(1 - hit, bands - 1) < 0.999);
    }

    private static List<List<Long>> groups(Path file) throws IOException {
        List<List<Long>> groups = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            List<Long> members = new ArrayList<>();
            new ObjectMapper().readTree(line).get("members").forEach(m -> members.add(m.get("line").asLong()));
            groups.add(members);
        }
        return groups;
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static Run c4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run spark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
