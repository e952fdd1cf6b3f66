package org.contrastive4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Batch;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextBatches;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.BertEncoder;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.method.Retriever;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One MiniLM retriever training step through the real {@link Trainer}: both sides of a batch of
 * WordNet (gloss, lemma) pairs, every text cut or padded to exactly {@code tokens} tokens (so a
 * twin in another framework does the same work), mean pooling, in-batch negatives at scale 20,
 * backward, AdamW; dropout 0.1 as in training. And the share of the machine's float32 matmul
 * peak the step reaches, FLOPs counted from the model's shapes.
 */
public final class MiniLmStepBenchmark {

    private record Step(long step, int size) implements Batch {}

    private MiniLmStepBenchmark() {}

    /**
     * @param dumpTokens when set, the token ids [2 * batch][tokens] (queries then positives) and
     *     the masks as .npy files (FILE, FILE.mask.npy) for the PyTorch twin
     */
    public static StepResult run(int batch, int tokens, int warmup, int repeats, long seed, Path dumpTokens) throws IOException {
        if (batch < 2 || tokens < 3 || repeats < 1 || warmup < 0) {
            throw new InvalidInputException("need batch >= 2, tokens >= 3, repeats >= 1, warmup >= 0");
        }
        List<TextPair> pairs = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, seed)
                .reverseDictionary(WordNetDatasets.Split.TRAIN, 'n').subList(0, batch);
        BertConfig config = BertConfig.miniLmL6().withMaxSequenceLength(tokens);
        try (TextModel model = TextModel.miniLm(config)) {
            long[][] ids = new long[2 * batch][];
            long[][] encoded = model.tokenizer().encodeAll(pairs.stream().map(TextPair::anchor).toList());
            long[][] positives = model.tokenizer().encodeAll(pairs.stream().map(TextPair::positive).toList());
            for (int i = 0; i < batch; i++) {
                ids[i] = encoded[i];
                ids[batch + i] = positives[i];
            }
            float[][] idRows = new float[2 * batch][tokens];
            float[][] maskRows = new float[2 * batch][tokens];
            long[] flatIds = new long[2 * batch * tokens];
            long[] flatMask = new long[2 * batch * tokens];
            for (int r = 0; r < 2 * batch; r++) {
                for (int t = 0; t < Math.min(tokens, ids[r].length); t++) {
                    flatIds[r * tokens + t] = ids[r][t];
                    flatMask[r * tokens + t] = 1;
                    idRows[r][t] = ids[r][t];
                    maskRows[r][t] = 1;
                }
            }
            if (dumpTokens != null) {
                Files.write(dumpTokens, EmbeddingFiles.npy(idRows));
                Files.write(Path.of(dumpTokens + ".mask.npy"), EmbeddingFiles.npy(maskRows));
            }
            MultipleNegativesRankingLoss loss = new MultipleNegativesRankingLoss();
            BertEncoder encoder = model.encoder();
            Trainer.Objective<Step> objective = (step, b) -> {
                NDArray all = step.create(flatIds, new Shape(2L * batch, tokens));
                NDArray mask = step.create(flatMask, new Shape(2L * batch, tokens));
                NDArray types = step.zeros(new Shape(2L * batch, tokens), ai.djl.ndarray.types.DataType.INT64);
                NDArray z = encoder.embed(all, types, mask, true);
                return loss.forward(z.get("0:" + batch), z.get(batch + ":"), null);
            };
            int total = warmup + repeats;
            Path dir = Files.createTempDirectory("c4j-bench");
            TrainerConfig tc = TrainerConfig.defaults(total).learningRate(2e-5).warmupSteps(1).weightDecay(0.01)
                    .logEvery(total).checkpointEvery(Integer.MAX_VALUE).progressBar(false);
            Trainer<Step> trainer = new Trainer<>(model, tc, dir, new ObjectMapper().createObjectNode());
            long[] ends = new long[total + 1];
            long[] next = {0};
            try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                ends[0] = System.nanoTime();
                trainer.run(() -> new Step(next[0]++, batch), objective, 0, metrics, (step, l) -> ends[(int) step] = System.nanoTime());
            }
            org.contrastive4j.io.SafeFiles.deleteTree(dir);
            Timing step = Timing.ofStepEnds(ends, warmup, repeats);
            double gflop = 3 * forwardFlops(config, 2 * batch, tokens) / 1e9;
            return new StepResult(step, gflop, TrainStepBenchmark.gemmPeakGflops(2048, 5));
        }
    }

    /**
     * Resident memory over a long retriever run: {@code steps} real steps of the retriever recipe
     * ({@link Retriever}: MiniLM, WordNet train pairs in seeded batches, each side tokenized and
     * padded to its own longest text, so the tensor shapes change every step), VmRSS read from
     * /proc/self/status after every {@code every} steps.
     *
     * @return rows of {step, resident MiB}
     */
    public static List<double[]> residentMemory(int batch, int maxTokens, int steps, int every, long seed,
                                               java.util.function.Consumer<double[]> onSample) throws IOException {
        List<TextPair> pairs = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, seed)
                .reverseDictionary(WordNetDatasets.Split.TRAIN, 'n');
        TextBatches batches = new TextBatches(pairs, batch, seed);
        try (TextModel model = TextModel.miniLm(BertConfig.miniLmL6().withMaxSequenceLength(maxTokens))) {
            Retriever objective = new Retriever(model, 20, false, 0, seed);
            Path dir = Files.createTempDirectory("c4j-bench");
            TrainerConfig tc = TrainerConfig.defaults(steps).learningRate(2e-5).warmupSteps(1).weightDecay(0.01)
                    .logEvery(steps).checkpointEvery(Integer.MAX_VALUE).progressBar(false);
            Trainer<TextBatch> trainer = new Trainer<>(model, tc, dir, new ObjectMapper().createObjectNode());
            long[] next = {0};
            ResidentMemorySamples samples = new ResidentMemorySamples(every, onSample);
            try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                trainer.run(() -> batches.make(next[0]++), objective, 0, metrics, samples);
            }
            org.contrastive4j.io.SafeFiles.deleteTree(dir);
            return samples.rows();
        }
    }

    /** 2 x multiply-adds of the encoder's forward over {@code texts} texts of {@code tokens} tokens (attention included). */
    static double forwardFlops(BertConfig c, int texts, int tokens) {
        double h = c.hidden();
        double perTokenPerLayer = 4 * h * h + 2 * h * c.intermediate() + 2.0 * tokens * h;
        return 2 * perTokenPerLayer * c.layers() * tokens * texts;
    }
}
