package org.contrastive4j.decoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.train.Trainer;

import java.util.Map;

/** Trains a {@link Captioner} on caption batches; the engine's random draws (noise) depend on (seed, step) only. */
public final class CaptionObjective implements Trainer.Objective<CaptionBatch> {

    /** The input row of a training example: an image (pixels or its embedding), or, zero-shot, its caption's embedding. */
    @FunctionalInterface
    public interface Inputs {
        float[] of(int index, String caption);
    }

    private final Captioner model;
    private final Inputs inputs;
    private final long seed;

    public CaptionObjective(Captioner model, Inputs inputs, long seed) {
        this.model = model;
        this.inputs = inputs;
        this.seed = seed;
    }

    @Override
    public NDArray loss(NDManager step, CaptionBatch batch) {
        Engine.getInstance().setRandomSeed(Seeds.forSample(seed, 1, batch.step()).nextInt(Integer.MAX_VALUE));
        float[][] rows = new float[batch.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = inputs.of(batch.indices()[i], batch.captions().get(i));
        }
        return model.loss(model.inputArray(step, rows, 0, rows.length), batch.captions());
    }

    @Override
    public Map<String, Double> diagnostics() {
        return model instanceof CocaCaptioner coca ? coca.lossParts() : Map.of();
    }
}
