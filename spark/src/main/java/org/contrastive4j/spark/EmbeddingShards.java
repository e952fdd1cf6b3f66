package org.contrastive4j.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.EmbeddingFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Embeddings as NumPy shards, one pair of files per partition: {@code part-00000.npy} (float32
 * [n][d], the rows that have an embedding, in partition order) and {@code part-00000.keys}
 * (their keys, one per line). Written through Hadoop's FileSystem, so DIR may be local, HDFS or
 * an object store; each file is written under a temporary name and renamed into place, so a
 * retried task never leaves half a shard. {@link #read} loads a local directory back with the
 * same {@code .npy} reader as {@code c4j}.
 */
public final class EmbeddingShards {
    private EmbeddingShards() {}

    /** Writes the rows with a non-null {@code embeddingColumn}; keys are {@code keyColumn}'s string form. */
    public static void write(Dataset<Row> rows, String keyColumn, String embeddingColumn, String dir) {
        int key = rows.schema().fieldIndex(keyColumn);
        int vector = rows.schema().fieldIndex(embeddingColumn);
        rows.foreachPartition((ForeachPartitionFunction<Row>) partition -> {
            List<float[]> vectors = new ArrayList<>();
            StringBuilder keys = new StringBuilder();
            while (partition.hasNext()) {
                Row row = partition.next();
                if (row.isNullAt(vector)) {
                    continue;
                }
                List<Float> v = row.getList(vector);
                float[] f = new float[v.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = v.get(i);
                }
                vectors.add(f);
                keys.append(row.get(key)).append('\n');
            }
            if (vectors.isEmpty()) {
                return;
            }
            String part = String.format(Locale.ROOT, "part-%05d", TaskContext.getPartitionId());
            writeAtomically(dir, part + ".npy", EmbeddingFiles.npy(vectors.toArray(new float[0][])));
            writeAtomically(dir, part + ".keys", keys.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void writeAtomically(String dir, String name, byte[] bytes) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, name);
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(dir, "." + name + ".tmp");
        FileSystem fs = target.getFileSystem(new Configuration());
        try (OutputStream out = fs.create(temporary, true)) {
            out.write(bytes);
        }
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /** Shards read back from a local directory: keys and vectors, shard by shard in partition order. */
    public record Loaded(List<String> keys, float[][] vectors) {}

    public static Loaded read(Path dir) {
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir)) {
            shards = files.filter(p -> p.getFileName().toString().matches("part-\\d+\\.npy")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list embedding shards in " + dir + ": " + e.getMessage());
        }
        if (shards.isEmpty()) {
            throw new InvalidInputException(dir + " holds no part-NNNNN.npy shard");
        }
        List<String> keys = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Path shard : shards) {
            float[][] v = EmbeddingFiles.read(shard).vectors();
            Path keyFile = shard.resolveSibling(shard.getFileName().toString().replace(".npy", ".keys"));
            List<String> k;
            try {
                k = Files.readAllLines(keyFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException("shard " + shard + " has no readable keys file " + keyFile + ": " + e.getMessage());
            }
            if (k.size() != v.length) {
                throw new InvalidInputException(keyFile + " holds " + k.size() + " keys for " + v.length + " vectors in " + shard);
            }
            keys.addAll(k);
            vectors.addAll(List.of(v));
        }
        return new Loaded(keys, vectors.toArray(new float[0][]));
    }
}
