package org.contrastive4j.method;

import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextBatch;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.ModelZoo;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;
import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Training embeds as evaluation does: e5's queries with "query: ", its positives and negatives with "passage: ". */
class RetrieverPromptsTest {
    @Test
    void queriesAndDocumentsGetTheModelsPromptsInTraining() {
        Path dir;
        try {
            dir = ModelZoo.local(ModelZoo.require("e5-small-v2"), System.err);
        } catch (InvalidInputException e) {
            Required.present(false, "the zoo model e5-small-v2 (" + e.getMessage() + ")");
            return;
        }
        List<TextPair> pairs = List.of(
                new TextPair("a large body of salt water", "ocean", "lake", "1"),
                new TextPair("a young domestic cat", "kitten", null, "2"),
                new TextPair("a motor vehicle with four wheels", "car", null, "3"));
        try (TextModel model = TextModel.load(dir); NDManager step = model.manager().newSubManager()) {
            assertEquals("query: ", model.prompts().resolve(model.prompts().queryName()));
            MultipleNegativesRankingLoss mnrl = new MultipleNegativesRankingLoss(20);
            float trained = new Retriever(model, mnrl, 0, 1).loss(step, new TextBatch(0, pairs)).getFloat();
            // dropout is seeded per step, so the same step seed gives the same masks for the hand-made sides
            ai.djl.engine.Engine.getInstance().setRandomSeed(TextObjectives.stepSeed(1, 0));
            float byHand = mnrl.forward(
                    model.embed(step, pairs.stream().map(p -> "query: " + p.anchor()).toList(), true),
                    model.embed(step, pairs.stream().map(p -> "passage: " + p.positive()).toList(), true),
                    model.embed(step, List.of("passage: lake"), true)).getFloat();
            ai.djl.engine.Engine.getInstance().setRandomSeed(TextObjectives.stepSeed(1, 0));
            float bare = mnrl.forward(model.embed(step, pairs.stream().map(TextPair::anchor).toList(), true),
                    model.embed(step, pairs.stream().map(TextPair::positive).toList(), true),
                    model.embed(step, List.of("lake"), true)).getFloat();
            assertEquals(byHand, trained, 1e-5f);
            assertNotEquals(bare, trained, "without the prompts the loss differs");
        }
    }
}
