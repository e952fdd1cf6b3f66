package org.contrastive4j.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over a next-token distribution, batched over sources (images): every step scores
 * all live beams of all sources in one call. Each step keeps, per source, the best
 * {@code 2 x width} extensions: those ending in EOS become finished hypotheses, the rest fill
 * the beam up to {@code width}. A source stops once {@code width} hypotheses are finished (or at
 * {@code maxTokens}, when its live beams count as finished). The answer is the finished
 * hypothesis with the best {@code sum log p / length^lengthPenalty} (length counts the EOS).
 * Width 1 is greedy decoding.
 */
public final class BeamSearch {

    /** Log-probabilities of the next token [rows][vocabulary] for each row's tokens so far (all rows equally long). */
    @FunctionalInterface
    public interface Scorer {
        float[][] nextLogProbs(int[] sources, int[][] tokens);
    }

    /** A generated sequence (BOS left out, EOS included when it was emitted) and its total log-probability. */
    public record Hypothesis(int[] tokens, double logProb) {
        double score(double lengthPenalty) {
            return logProb / Math.pow(Math.max(1, tokens.length), lengthPenalty);
        }
    }

    private final int width;
    private final int maxTokens;
    private final double lengthPenalty;

    public BeamSearch(int width, int maxTokens, double lengthPenalty) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be at least 1, got " + width);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("at least one token must be generated, got a limit of " + maxTokens);
        }
        this.width = width;
        this.maxTokens = maxTokens;
        this.lengthPenalty = lengthPenalty;
    }

    private record Beam(int source, int[] tokens, double logProb) {}

    /** The best hypothesis for each of {@code sources} sources; sequences start with {@code bos}, end at {@code eos}. */
    public Hypothesis[] search(int sources, int bos, int eos, Scorer scorer) {
        List<List<Hypothesis>> finished = new ArrayList<>();
        List<Beam> live = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            finished.add(new ArrayList<>());
            live.add(new Beam(s, new int[] {bos}, 0));
        }
        for (int step = 0; step < maxTokens && !live.isEmpty(); step++) {
            int[] rowSources = live.stream().mapToInt(Beam::source).toArray();
            int[][] rowTokens = live.stream().map(Beam::tokens).toArray(int[][]::new);
            float[][] logProbs = scorer.nextLogProbs(rowSources, rowTokens);
            List<Beam> next = new ArrayList<>();
            int from = 0;
            while (from < live.size()) {
                int source = live.get(from).source();
                int to = from;
                while (to < live.size() && live.get(to).source() == source) {
                    to++;
                }
                next.addAll(extend(live.subList(from, to), Arrays.copyOfRange(logProbs, from, to), eos, finished.get(source),
                        step == maxTokens - 1));
                from = to;
            }
            live = next;
        }
        Hypothesis[] best = new Hypothesis[sources];
        for (int s = 0; s < sources; s++) {
            best[s] = finished.get(s).stream().max(Comparator.comparingDouble(h -> h.score(lengthPenalty))).orElseThrow();
        }
        return best;
    }

    /** One source's step: the best extensions of its live beams; returns the beams that stay live. */
    private List<Beam> extend(List<Beam> beams, float[][] logProbs, int eos, List<Hypothesis> finished, boolean last) {
        int vocabulary = logProbs[0].length;
        int keep = Math.min(2 * width, beams.size() * vocabulary);
        int[] best = topK(logProbs, beams, keep);
        List<Beam> live = new ArrayList<>();
        for (int k = 0; k < keep && live.size() < width && finished.size() < width; k++) {
            Beam parent = beams.get(best[k] / vocabulary);
            int token = best[k] % vocabulary;
            double total = parent.logProb() + logProbs[best[k] / vocabulary][token];
            if (Double.isInfinite(total)) {
                break;
            }
            int[] tokens = Arrays.copyOf(parent.tokens(), parent.tokens().length + 1);
            tokens[tokens.length - 1] = token;
            if (token == eos) {
                finished.add(new Hypothesis(Arrays.copyOfRange(tokens, 1, tokens.length), total));
            } else {
                live.add(new Beam(parent.source(), tokens, total));
            }
        }
        if (finished.size() >= width) {
            return List.of();
        }
        if (last || live.isEmpty()) {
            live.forEach(b -> finished.add(new Hypothesis(Arrays.copyOfRange(b.tokens(), 1, b.tokens().length), b.logProb())));
            return List.of();
        }
        return live;
    }

    /**
     * The flat indices (beam * vocabulary + token) of the {@code k} best totals, best first; ties go
     * to the lower index. A selection, not a sort: k is at most 2 x width, the candidates thousands.
     */
    private static int[] topK(float[][] logProbs, List<Beam> beams, int k) {
        int vocabulary = logProbs[0].length;
        int[] best = new int[k];
        double[] bestTotal = new double[k];
        Arrays.fill(bestTotal, Double.NEGATIVE_INFINITY);
        Arrays.fill(best, -1);
        for (int b = 0; b < beams.size(); b++) {
            double base = beams.get(b).logProb();
            for (int v = 0; v < vocabulary; v++) {
                double total = base + logProbs[b][v];
                if (total > bestTotal[k - 1] || best[k - 1] < 0) {
                    int at = k - 1;
                    while (at > 0 && (total > bestTotal[at - 1] || best[at - 1] < 0)) {
                        best[at] = best[at - 1];
                        bestTotal[at] = bestTotal[at - 1];
                        at--;
                    }
                    best[at] = b * vocabulary + v;
                    bestTotal[at] = total;
                }
            }
        }
        return best;
    }
}
