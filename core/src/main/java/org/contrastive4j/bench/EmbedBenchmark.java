package org.contrastive4j.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.tensor.Vectors;


import java.util.Arrays;
import java.util.List;

/**
 * Embedding throughput of contrastive4j's DJL MiniLM against langchain4j's
 * {@code AllMiniLmL6V2EmbeddingModel} (ONNX Runtime, what a JVM user runs today) on the same
 * texts, in the same process, rounds interleaved; and how closely the two agree.
 */
public final class EmbedBenchmark {

    /** Medians over rounds, texts per second, and the cosine agreement between the two models. */
    public record Result(int texts, double c4jTextsPerSecond, double referenceTextsPerSecond, double minCosine,
                         double meanCosine, double c4jSpread, double referenceSpread) {
        public double ratio() {
            return c4jTextsPerSecond / referenceTextsPerSecond;
        }
    }

    private EmbedBenchmark() {}

    public static Result run(List<String> texts, int batchSize, int rounds) {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        double[] ours = new double[rounds];
        double[] theirs = new double[rounds];
        float[][] a = null;
        List<Embedding> b = null;
        try (TextModel model = TextModel.miniLm()) {
            // Warm-up: one pass each on a slice.
            model.embedAll(texts.subList(0, Math.min(256, texts.size())), batchSize, null);
            reference.embedAll(segments.subList(0, Math.min(256, segments.size())));
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                a = model.embedAll(texts, batchSize, null);
                ours[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                b = reference.embedAll(segments).content();
                theirs[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            }
        }
        double min = 1;
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            double c = Vectors.cosine(a[i], b.get(i).vector());
            min = Math.min(min, c);
            sum += c;
        }
        return new Result(texts.size(), median(ours), median(theirs), min, sum / texts.size(), spread(ours), spread(theirs));
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
