package org.contrastive4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.method.Retriever;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak memory and time of one retriever training step (MiniLM, in-batch negatives, WordNet
 * reverse-dictionary pairs) with and without GradCache. The peak is the process's resident
 * high-water mark (VmHWM), reset after a warm-up step by writing 5 to /proc/self/clear_refs, so
 * it counts what the measured steps add on top of the loaded model; run each setting in its own
 * process (the allocator keeps freed pages), as {@code bench/gradcache_memory.sh} does.
 */
public final class GradCacheBenchmark {
    private GradCacheBenchmark() {}

    /** Step time (median) and memory in MiB: resident before the measured steps, and their peak above it. */
    public record Result(int batch, int chunk, double stepSeconds, double residentMiB, double peakAboveMiB, double loss) {}

    /**
     * Dropout is off, so both settings compute the same loss (printed: equal losses show equal
     * work); texts are truncated to {@code maxTokens}.
     */
    public static Result run(int batch, int chunk, int maxTokens, int steps, long seed) {
        if (batch < 2 || steps < 1 || chunk < 0 || maxTokens < 3) {
            throw new InvalidInputException("need batch >= 2, steps >= 1, chunk >= 0, max tokens >= 3");
        }
        List<TextPair> pairs = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, seed)
                .reverseDictionary(WordNetDatasets.Split.TRAIN, 'n');
        if (pairs.size() < batch) {
            throw new InvalidInputException("WordNet gives " + pairs.size() + " pairs, fewer than the batch of " + batch);
        }
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withDropout(0).withMaxSequenceLength(maxTokens))) {
            for (NDArray p : model.trainableArrays()) {
                p.setRequiresGradient(true);
            }
            Retriever objective = new Retriever(model, 20, false, chunk, seed);
            TextBatch first = new TextBatch(0, pairs.subList(0, batch));
            step(model, objective, first);
            clearHighWaterMark();
            double resident = status("VmRSS");
            double[] seconds = new double[steps];
            double loss = 0;
            for (int s = 0; s < steps; s++) {
                TextBatch b = new TextBatch(s + 1, pairs.subList(0, batch));
                long start = System.nanoTime();
                loss = step(model, objective, b);
                seconds[s] = (System.nanoTime() - start) / 1e9;
            }
            java.util.Arrays.sort(seconds);
            return new Result(batch, chunk, seconds[steps / 2], resident, status("VmHWM") - resident, loss);
        }
    }

    private static double step(TextModel model, Retriever objective, TextBatch batch) {
        try (NDManager step = model.manager().newSubManager()) {
            double loss = objective.backward(step, batch);
            for (NDArray p : model.trainableArrays()) {
                p.getGradient().subi(p.getGradient());
            }
            return loss;
        }
    }

    private static void clearHighWaterMark() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            throw new InvalidInputException("cannot reset the peak-memory mark (/proc/self/clear_refs): " + e.getMessage());
        }
    }

    /** A memory line of /proc/self/status, in MiB. */
    static double status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read /proc/self/status: " + e.getMessage());
        }
        throw new InvalidInputException("/proc/self/status has no " + key + " line (not Linux?)");
    }
}
