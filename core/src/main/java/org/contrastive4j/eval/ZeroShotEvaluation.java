package org.contrastive4j.eval;

import org.contrastive4j.tensor.Vectors;

import java.util.List;

/**
 * Zero-shot classification and cross-modal retrieval between images and class texts.
 * A class is represented by the normalised mean of its normalised prompt embeddings (CLIP's
 * prompt ensemble). Retrieval relevance is the class: captions describe classes, not single
 * images, so an image->text query hits when a caption of its class is in the top k, and a
 * text->image query when an image of the caption's class is.
 */
public final class ZeroShotEvaluation {

    /** Accuracy, its chance level, and Recall@1/5 both ways. */
    public record Result(double accuracy, double chance, double imageToTextR1, double imageToTextR5,
                         double textToImageR1, double textToImageR5) {}

    private ZeroShotEvaluation() {}

    /** The prompt ensemble: mean of the normalised prompt embeddings, normalised. */
    public static float[] ensemble(float[][] prompts) {
        float[] mean = new float[prompts[0].length];
        for (float[] p : prompts) {
            float[] u = Vectors.normalized(p);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += u[i];
            }
        }
        return Vectors.normalized(mean);
    }

    /** The class of each item: the class vector of highest cosine. */
    public static int[] classify(float[][] items, float[][] classVectors) {
        int[] out = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classVectors.length; c++) {
                double s = Vectors.cosine(items[i], classVectors[c]);
                if (s > best) {
                    best = s;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    public static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }

    /**
     * @param items embeddings of the items (images, audio) with their classes
     * @param classVectors one ensembled vector per class
     * @param texts embeddings of captions with their classes (the retrieval gallery and queries)
     */
    public static Result evaluate(float[][] items, int[] itemLabels, float[][] classVectors, float[][] texts, int[] textLabels) {
        double accuracy = accuracy(classify(items, classVectors), itemLabels);
        double[] itemToText = recallByClass(items, itemLabels, texts, textLabels);
        double[] textToItem = recallByClass(texts, textLabels, items, itemLabels);
        return new Result(accuracy, 1.0 / classVectors.length, itemToText[0], itemToText[1], textToItem[0], textToItem[1]);
    }

    /** {Recall@1, Recall@5} of queries against a gallery, a hit being a gallery item of the query's class. */
    public static double[] recallByClass(float[][] queries, int[] queryLabels, float[][] gallery, int[] galleryLabels) {
        double r1 = 0;
        double r5 = 0;
        for (int q = 0; q < queries.length; q++) {
            int[] top = topK(queries[q], gallery, 5);
            boolean hit = false;
            for (int r = 0; r < top.length; r++) {
                hit |= galleryLabels[top[r]] == queryLabels[q];
                if (r == 0 && hit) {
                    r1++;
                }
            }
            r5 += hit ? 1 : 0;
        }
        return new double[] {r1 / queries.length, r5 / queries.length};
    }

    private static int[] topK(float[] query, float[][] gallery, int k) {
        int n = Math.min(k, gallery.length);
        int[] best = new int[n];
        double[] scores = new double[n];
        java.util.Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int g = 0; g < gallery.length; g++) {
            double s = Vectors.dot(query, gallery[g]);
            if (s > scores[n - 1]) {
                int pos = n - 1;
                while (pos > 0 && scores[pos - 1] < s) {
                    scores[pos] = scores[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                scores[pos] = s;
                best[pos] = g;
            }
        }
        return best;
    }

    /** One list of class labels for texts grouped by class. */
    public static int[] labelsOf(List<? extends List<?>> perClass) {
        int[] out = new int[perClass.stream().mapToInt(List::size).sum()];
        int i = 0;
        for (int c = 0; c < perClass.size(); c++) {
            for (int j = 0; j < perClass.get(c).size(); j++) {
                out[i++] = c;
            }
        }
        return out;
    }
}
