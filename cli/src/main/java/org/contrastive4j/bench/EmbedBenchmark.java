package org.contrastive4j.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.tensor.Vectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embedding throughput of a c4j text model against ONNX Runtime through langchain4j's
 * {@code OnnxEmbeddingModel} (what a JVM user runs today) on the same texts, in one process,
 * rounds interleaved: ONNX Runtime on the model's original ONNX file and on the file
 * {@code c4j export} wrote; and how closely each agrees with c4j.
 */
public final class EmbedBenchmark {

    /** One contender: medians over rounds, and its agreement with c4j's vectors (1 and 0 for c4j itself). */
    public record Row(String name, double textsPerSecond, double spread, double minCosine, double maxAbsDiff) {}

    /** c4j first, then the ONNX Runtime rows, on {@code texts} texts. */
    public record Result(int texts, List<Row> rows) {
        public double ratio(int row) {
            return rows.get(0).textsPerSecond() / rows.get(row).textsPerSecond();
        }
    }

    /** An ONNX file for ONNX Runtime to run, with a name for the table. */
    public record OnnxFile(String name, Path onnx) {}

    private EmbedBenchmark() {}

    /**
     * @param tokenizer the tokenizer.json langchain4j's model uses
     * @param onnxFiles the ONNX files to run in ONNX Runtime against {@code model}
     */
    public static Result run(TextModel model, Path tokenizer, List<OnnxFile> onnxFiles, List<String> texts, int batchSize, int rounds) {
        PoolingMode pooling = model.encoder().config().pooling() == BertConfig.Pooling.CLS ? PoolingMode.CLS : PoolingMode.MEAN;
        List<OnnxEmbeddingModel> references = onnxFiles.stream().map(f -> new OnnxEmbeddingModel(f.onnx(), tokenizer, pooling)).toList();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        double[][] speed = new double[1 + references.size()][rounds];
        float[][] ours = null;
        List<List<Embedding>> theirs = new ArrayList<>();
        model.embedAll(texts.subList(0, Math.min(256, texts.size())), batchSize, null);
        references.forEach(r -> r.embedAll(segments.subList(0, Math.min(256, segments.size()))));
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            ours = model.embedAll(texts, batchSize, null);
            speed[0][round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            theirs.clear();
            for (int i = 0; i < references.size(); i++) {
                t0 = System.nanoTime();
                theirs.add(references.get(i).embedAll(segments).content());
                speed[1 + i][round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            }
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("c4j (DJL libtorch, batch " + batchSize + ", length-sorted)", median(speed[0]), spread(speed[0]), 1, 0));
        for (int i = 0; i < references.size(); i++) {
            double min = 1;
            double diff = 0;
            for (int t = 0; t < texts.size(); t++) {
                float[] v = theirs.get(i).get(t).vector();
                min = Math.min(min, Vectors.cosine(ours[t], v));
                for (int k = 0; k < v.length; k++) {
                    diff = Math.max(diff, Math.abs(ours[t][k] - v[k]));
                }
            }
            rows.add(new Row(onnxFiles.get(i).name(), median(speed[1 + i]), spread(speed[1 + i]), min, diff));
        }
        return new Result(texts.size(), rows);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[s.length - 1] - s[0]) / median(v);
    }
}
