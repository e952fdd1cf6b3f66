package org.contrastive4j.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.train.GradCache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What the text objectives share: the per-step seed of the engine's random ops (dropout), and their GradCache step. */
public final class TextObjectives {
    private TextObjectives() {}

    /**
     * The engine seed for {@code step}: dropout masks depend on (run seed, step) only, so a
     * resumed run draws the masks the uninterrupted run would have drawn.
     */
    static int stepSeed(long seed, long step) {
        return Seeds.forSample(seed, 0, step).nextInt(Integer.MAX_VALUE);
    }

    /** Seeds the engine for {@code step} ({@link #stepSeed}): the dropout masks of a resumed run are the uninterrupted run's. */
    public static void seedStep(long seed, long step) {
        Engine.getInstance().setRandomSeed(stepSeed(seed, step));
    }

    /** A GradCache chunk size: 0 (off) or positive. */
    public static int checkChunk(int chunkSize) {
        if (chunkSize < 0) {
            throw InvalidInputException.parameter("chunkSize", "must be 0 (no GradCache) or positive, got " + chunkSize);
        }
        return chunkSize;
    }

    /** Whether a batch of {@code batchSize} goes through GradCache: a chunk smaller than the batch. */
    public static boolean caches(int chunkSize, int batchSize) {
        return chunkSize > 0 && chunkSize < batchSize;
    }

    /**
     * One GradCache step (Gao et al. 2021, as sentence-transformers' Cached* losses) over text
     * sides that are each their own forward pass: {@code loss} sees every side's full
     * representations, the encoder the activations of {@code chunkSize} texts at a time. The
     * parameter gradients are those of the plain loss on the same batch; dropout masks are drawn per
     * chunk from the step's seed (and replayed when the chunk is re-encoded), so they differ from
     * the plain pass's masks, not in their distribution.
     */
    public static double cachedStep(TextModel model, NDManager step, List<List<String>> sides, boolean training, int chunkSize,
                             long seed, long stepNumber, Function<List<NDArray>, NDArray> loss) {
        List<GradCache.ChunkEncoder> encoders = new ArrayList<>();
        for (List<String> side : sides) {
            encoders.add((manager, from, to) -> model.embed(manager, side.subList(from, to), training));
        }
        GradCache cache = new GradCache(chunkSize, stepSeed(seed, stepNumber));
        return cache.step(step, encoders, sides.stream().mapToInt(List::size).toArray(), loss);
    }
}
