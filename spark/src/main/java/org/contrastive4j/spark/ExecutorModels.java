package org.contrastive4j.spark;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.TextModel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of one JVM (an executor, or the driver in local mode): each model directory is
 * loaded once, on first use, and kept for the JVM's life, so that every task and every stage
 * on that executor shares it. Before the first load the native engine is told to use
 * {@code spark.task.cpus} threads per forward pass, so the concurrent tasks of an executor
 * together use its cores and no more (unless {@code ai.djl.pytorch.num_threads} is set).
 */
final class ExecutorModels {
    private static final Map<String, Embedder> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** Turns a column value into model input, and batches of model inputs into rows of floats. */
    interface Embedder {
        /** The model input for one value (a non-blank string, decoded pixels), or null when it cannot be embedded. */
        Object prepare(Object value);

        float[][] embed(List<Object> prepared, int batchSize);
    }

    static Embedder get(SparkEmbedder.Kind kind, String modelDir, int taskCpus) {
        return MODELS.computeIfAbsent(kind + ":" + (modelDir == null ? "" : modelDir), k -> {
            configureEngine(taskCpus);
            return kind == SparkEmbedder.Kind.TEXT ? text(modelDir) : images(modelDir);
        });
    }

    private static void configureEngine(int taskCpus) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, taskCpus)));
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /** Text: the same tokeniser, batching and pooling as {@code c4j embed}; thread-safe, so tasks share it. */
    private static Embedder text(String modelDir) {
        TextModel model = TextModel.load(modelDir == null ? null : Path.of(modelDir));
        return new Embedder() {
            @Override
            public Object prepare(Object value) {
                return value instanceof String s && !s.isBlank() ? s : null;
            }

            @Override
            public float[][] embed(List<Object> prepared, int batchSize) {
                return model.embedAll(prepared.stream().map(String.class::cast).toList(), batchSize, null);
            }
        };
    }

    /** Images: a CLIP model directory's image tower; forward passes take turns (DJL blocks share state). */
    private static Embedder images(String modelDir) {
        if (modelDir == null) {
            throw new InvalidInputException("embedding images needs --model DIR, a CLIP model directory (c4j train clip writes OUT/model)");
        }
        ClipModel model = ClipModel.load(Path.of(modelDir));
        int[] shape = model.config().inputShape();
        return new Embedder() {
            @Override
            public Object prepare(Object value) {
                byte[] pixels = value instanceof byte[] b ? ImageFolder.decode(b, shape[1], shape[0]) : null;
                return pixels == null ? null : org.contrastive4j.data.ImageDataset.unit(pixels);
            }

            @Override
            public float[][] embed(List<Object> prepared, int batchSize) {
                float[][] pixels = prepared.stream().map(float[].class::cast).toArray(float[][]::new);
                synchronized (model) {
                    return model.embedImages(pixels);
                }
            }
        };
    }
}
