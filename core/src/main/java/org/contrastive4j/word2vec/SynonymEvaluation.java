package org.contrastive4j.word2vec;

import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.data.TextPair;
import smile.validation.metric.AUC;

import org.contrastive4j.tensor.Vectors;

import java.util.ArrayList;
import java.util.List;

/**
 * Word vectors judged on held-out synonym pairs: one-word lemmas of the same synset, both in the
 * vocabulary, against random pairs made by giving each first word the partner of another pair
 * (same words, same frequencies, no relation). Reports the mean cosine of each, their margin, and
 * the AUC: the probability that a synonym pair scores above a random pair.
 */
public final class SynonymEvaluation {

    public record Result(String name, int pairs, double synonymCosine, double randomCosine, double margin, double auc) {}

    private final int[] a;
    private final int[] b;
    private final int[] randomB;

    public SynonymEvaluation(List<TextPair> synonyms, Vocabulary vocabulary, long seed) {
        List<int[]> kept = new ArrayList<>();
        for (TextPair p : synonyms) {
            int x = vocabulary.id(p.anchor());
            int y = vocabulary.id(p.positive());
            if (x >= 0 && y >= 0 && x != y) {
                kept.add(new int[] {x, y});
            }
        }
        a = kept.stream().mapToInt(k -> k[0]).toArray();
        b = kept.stream().mapToInt(k -> k[1]).toArray();
        int[] order = Permutations.of(b.length, Seeds.forPurpose(seed, "random-word-pairs"));
        randomB = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            randomB[i] = b[order[i]];
        }
    }

    public int size() {
        return a.length;
    }

    public Result evaluate(String name, float[][] vectors) {
        int n = a.length;
        double[] scores = new double[2 * n];
        int[] truth = new int[2 * n];
        double syn = 0;
        double rnd = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = Vectors.cosine(vectors[a[i]], vectors[b[i]]);
            truth[i] = 1;
            scores[n + i] = Vectors.cosine(vectors[a[i]], vectors[randomB[i]]);
            syn += scores[i];
            rnd += scores[n + i];
        }
        syn /= n;
        rnd /= n;
        return new Result(name, n, syn, rnd, syn - rnd, AUC.of(truth, scores));
    }

    /** The {@code k} nearest words of {@code word} by cosine, or an empty list when it is unknown. */
    public static List<String> neighbours(String word, Vocabulary vocabulary, float[][] vectors, int k) {
        int id = vocabulary.id(word);
        if (id < 0) {
            return List.of();
        }
        Integer[] order = new Integer[vectors.length];
        double[] sim = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            order[i] = i;
            sim[i] = i == id ? Double.NEGATIVE_INFINITY : Vectors.cosine(vectors[id], vectors[i]);
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sim[y], sim[x]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k && i < order.length; i++) {
            out.add(vocabulary.word(order[i]));
        }
        return out;
    }
}
