package org.contrastive4j.eval;

import org.contrastive4j.tensor.Vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot classification in an embedding space: each item takes the label whose embedding
 * (of the label's prompt) is most similar by cosine; all scores are kept.
 */
public final class ZeroShotClassifier {

    /** The chosen label and the cosine to every label, in label order. */
    public record Prediction(String label, Map<String, Double> scores) {}

    private ZeroShotClassifier() {}

    public static List<Prediction> classify(float[][] items, float[][] labelVectors, List<String> labels) {
        List<Prediction> out = new ArrayList<>(items.length);
        for (float[] item : items) {
            Map<String, Double> scores = new LinkedHashMap<>();
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < labels.size(); l++) {
                double s = Vectors.cosine(item, labelVectors[l]);
                scores.put(labels.get(l), s);
                if (s > bestScore) {
                    bestScore = s;
                    best = l;
                }
            }
            out.add(new Prediction(labels.get(best), scores));
        }
        return out;
    }
}
