package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.encoder.Prompts;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.loss.PairLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.train.GradCache;
import org.contrastive4j.train.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The dense-retriever recipe: (query, positive[, mined hard negative]) pairs, in-batch negatives
 * plus every hard negative of the batch, cosine times scale 20 (tau 0.05), optionally symmetric;
 * or the same batches under another {@link PairLoss}.
 * With a chunk size below the batch size the step goes through {@link GradCache}, so a batch of
 * 512 or more needs the activation memory of one chunk; the gradients are those of the plain
 * loss on the same batch.
 */
public final class Retriever implements Trainer.Objective<TextBatch> {
    private final TextModel model;
    private final PairLoss loss;
    private final int chunkSize;
    private final long seed;

    /** @param chunkSize GradCache chunk; 0 or at least the batch size: no caching */
    public Retriever(TextModel model, double scale, boolean symmetric, int chunkSize, long seed) {
        this(model, new MultipleNegativesRankingLoss(scale, symmetric, Reduction.MEAN), chunkSize, seed);
    }

    /** The same recipe with any loss over (queries, positives, hard negatives). */
    public Retriever(TextModel model, PairLoss loss, int chunkSize, long seed) {
        this.model = model;
        this.loss = loss;
        this.chunkSize = TextObjectives.checkChunk(chunkSize);
        this.seed = seed;
    }

    @Override
    public NDArray loss(NDManager step, TextBatch batch) {
        TextObjectives.seedStep(seed, batch.step());
        List<NDArray> z = new ArrayList<>();
        for (List<String> side : sides(batch)) {
            z.add(model.embed(step, side, true));
        }
        return lossOf(z);
    }

    /**
     * Queries, positives and the batch's hard negatives, every negative of every n-tuple (pairs
     * without one, nothing mined, add none; the others still serve every query, as in
     * sentence-transformers' MultipleNegativesRankingLoss). Each side is its own forward pass, padded to
     * its own longest text: one pass over all three would pad every short lemma to the longest gloss.
     * Queries get the model's query prompt, positives and negatives its document prompt, as the
     * evaluation and the index embed them (e5's "query: " and "passage: "; nothing for most models).
     */
    private List<List<String>> sides(TextBatch batch) {
        Prompts prompts = model.prompts();
        List<List<String>> sides = new ArrayList<>(List.of(prompts.apply(prompts.queryName(), batch.anchors()),
                prompts.apply(prompts.documentName(), batch.positives())));
        List<String> negatives = batch.pairs().stream().flatMap(p -> p.negatives().stream()).toList();
        if (!negatives.isEmpty()) {
            sides.add(prompts.apply(prompts.documentName(), negatives));
        }
        return sides;
    }

    private NDArray lossOf(List<NDArray> z) {
        return loss.forward(z.get(0), z.get(1), z.size() > 2 ? z.get(2) : null);
    }

    @Override
    public double backward(NDManager step, TextBatch batch) {
        if (!TextObjectives.caches(chunkSize, batch.size())) {
            return Trainer.Objective.super.backward(step, batch);
        }
        return TextObjectives.cachedStep(model, step, sides(batch), true, chunkSize, seed, batch.step(), this::lossOf);
    }
}
