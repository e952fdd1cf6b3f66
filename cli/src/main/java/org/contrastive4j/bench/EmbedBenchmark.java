package org.contrastive4j.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.precision.Precision;
import org.contrastive4j.tensor.Vectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embedding throughput of a c4j text model against ONNX Runtime through langchain4j's
 * {@code OnnxEmbeddingModel} (what a JVM user runs today) on the same texts, in one process,
 * rounds interleaved: ONNX Runtime on the model's original ONNX file and on the file
 * {@code c4j export} wrote; c4j in each precision asked for; and how closely each agrees with c4j's
 * first precision.
 */
public final class EmbedBenchmark {

    /** One contender: medians over rounds, and its agreement with c4j's vectors (1 and 0 for c4j itself). */
    public record Row(String name, double textsPerSecond, double spread, double minCosine, double maxAbsDiff) {}

    /** The c4j rows (one per precision), then the ONNX Runtime rows, on {@code texts} texts. */
    public record Result(int texts, List<Row> rows, int firstOnnxRow) {
        /** Row {@code row}'s throughput over ONNX Runtime's on the model's own file. */
        public double overOnnxRuntime(int row) {
            return rows.get(row).textsPerSecond() / rows.get(firstOnnxRow).textsPerSecond();
        }
    }

    /** An ONNX file for ONNX Runtime to run, with a name for the table. */
    public record OnnxFile(String name, Path onnx) {}

    private EmbedBenchmark() {}

    /**
     * @param tokenizer the tokenizer.json langchain4j's model uses
     * @param onnxFiles the ONNX files to run in ONNX Runtime against {@code model}
     * @param precisions the formats c4j runs in (the first is the reference the others are compared with)
     */
    public static Result run(TextModel model, Path tokenizer, List<OnnxFile> onnxFiles, List<String> texts, int batchSize, int rounds,
                             List<Precision> precisions) {
        PoolingMode pooling = model.encoder().config().pooling() == BertConfig.Pooling.CLS ? PoolingMode.CLS : PoolingMode.MEAN;
        List<OnnxEmbeddingModel> references = onnxFiles.stream().map(f -> new OnnxEmbeddingModel(f.onnx(), tokenizer, pooling)).toList();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        int ours = precisions.size();
        double[][] speed = new double[ours + references.size()][rounds];
        float[][][] vectors = new float[ours + references.size()][][];
        try {
            for (Precision p : precisions) {
                model.encoder().setPrecision(p);
                model.embedAll(texts.subList(0, Math.min(256, texts.size())), batchSize, null);
            }
            references.forEach(r -> r.embedAll(segments.subList(0, Math.min(256, segments.size()))));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < ours; i++) {
                    model.encoder().setPrecision(precisions.get(i));
                    long t0 = System.nanoTime();
                    vectors[i] = model.embedAll(texts, batchSize, null);
                    speed[i][round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
                }
                for (int i = 0; i < references.size(); i++) {
                    long t0 = System.nanoTime();
                    List<Embedding> got = references.get(i).embedAll(segments).content();
                    speed[ours + i][round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
                    vectors[ours + i] = got.stream().map(Embedding::vector).toArray(float[][]::new);
                }
            }
        } finally {
            model.encoder().setPrecision(Precision.FP32);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < speed.length; i++) {
            String name = i < ours ? "c4j " + precisions.get(i) + " (DJL libtorch, batch " + batchSize + ", length-sorted)"
                    : onnxFiles.get(i - ours).name();
            double min = 1;
            double diff = 0;
            for (int t = 0; t < texts.size(); t++) {
                float[] v = vectors[i][t];
                min = Math.min(min, Vectors.cosine(vectors[0][t], v));
                for (int k = 0; k < v.length; k++) {
                    diff = Math.max(diff, Math.abs(vectors[0][t][k] - v[k]));
                }
            }
            rows.add(new Row(name, median(speed[i]), spread(speed[i]), min, diff));
        }
        return new Result(texts.size(), rows, ours);
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
