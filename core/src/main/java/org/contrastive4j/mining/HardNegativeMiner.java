package org.contrastive4j.mining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.tensor.Rows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hard negatives mined with the current model: for each (query, positive) pair, the candidates
 * are ranked by cosine similarity to the query, and the best one is taken that is not a known
 * positive of the query (its own positive, one of its group's, or one the data lists for the
 * group, such as the other lemmas of a WordNet synset) and scores at least {@code margin} below
 * the positive. Candidates that score within the margin of the positive,
 * or above it, are likely unlabelled positives (false negatives) and are skipped, as in
 * sentence-transformers' {@code mine_hard_negatives(absolute_margin=...)} and NV-Retriever's
 * positive-aware mining. {@link #rangeMin} skips the very best candidates, {@link #relativeMargin}
 * adds a margin relative to the positive's score, {@link #negatives} keeps several per pair
 * ({@code range_min}, {@code relative_margin}, {@code num_negatives}); {@code depth} is
 * {@code range_max}.
 */
public final class HardNegativeMiner {
    private final double margin;
    private final int depth;
    private final int batchSize;
    private final Map<String, List<String>> knownPositivesByGroup;
    private int rangeMin;
    private double relativeMargin = Double.NaN;
    private int negatives = 1;

    /**
     * @param margin how far below the positive's score a negative must stay (-2 or less: none
     *     is skipped for its score, cosines lie in [-1, 1])
     * @param depth how many top candidates per query are considered (none qualifying: no negative)
     */
    public HardNegativeMiner(double margin, int depth, int batchSize) {
        this(margin, depth, batchSize, Map.of());
    }

    /** @param knownPositivesByGroup further texts that are positives of every pair of a group (never mined) */
    public HardNegativeMiner(double margin, int depth, int batchSize, Map<String, List<String>> knownPositivesByGroup) {
        this.margin = margin;
        this.depth = depth;
        this.batchSize = batchSize;
        this.knownPositivesByGroup = knownPositivesByGroup;
    }

    /**
     * Skips the {@code rangeMin} best candidates that are not known positives (the likeliest false
     * negatives), as sentence-transformers' {@code range_min}; default 0.
     */
    public HardNegativeMiner rangeMin(int ranks) {
        if (ranks < 0 || ranks >= depth) {
            throw InvalidInputException.parameter("rangeMin", "must be in [0, " + depth + ") (below the candidate depth), got " + ranks);
        }
        HardNegativeMiner m = copy();
        m.rangeMin = ranks;
        return m;
    }

    /**
     * Also skips candidates scoring above {@code (1 - margin) x} the positive's score
     * (sentence-transformers' {@code relative_margin}); off by default.
     */
    public HardNegativeMiner relativeMargin(double relative) {
        if (!(relative >= 0 && relative < 1)) {
            throw InvalidInputException.parameter("relativeMargin", "must be in [0, 1), got " + relative);
        }
        HardNegativeMiner m = copy();
        m.relativeMargin = relative;
        return m;
    }

    /** Negatives kept per pair (the best that qualify); default 1. */
    public HardNegativeMiner negatives(int count) {
        if (count < 1) {
            throw InvalidInputException.parameter("negatives", "must be at least 1, got " + count);
        }
        HardNegativeMiner m = copy();
        m.negatives = count;
        return m;
    }

    private HardNegativeMiner copy() {
        HardNegativeMiner m = new HardNegativeMiner(margin, depth, batchSize, knownPositivesByGroup);
        m.rangeMin = rangeMin;
        m.relativeMargin = relativeMargin;
        m.negatives = negatives;
        return m;
    }

    /** What a mining pass found. */
    public record Result(List<TextPair> pairs, int mined, int skippedAsLikelyPositive) {}

    /** One pair's mined negatives, best first, with the cosine of the query to its positive and to each. */
    public record Mined(TextPair pair, double positiveScore, List<String> negatives, double[] negativeScores) {}

    /** Every pair's negatives (up to {@link #negatives}) and the count of candidates skipped for their score. */
    public record Mining(List<Mined> pairs, int skippedAsLikelyPositive) {}

    /** One negative per pair (the best that qualifies), set on the pair; null where none does. */
    public Result mine(TextModel model, List<TextPair> pairs, List<String> candidates) {
        Mining all = mineAll(model, pairs, candidates);
        List<TextPair> out = new ArrayList<>(pairs.size());
        int mined = 0;
        for (Mined m : all.pairs()) {
            out.add(m.pair().withNegative(m.negatives().isEmpty() ? null : m.negatives().get(0)));
            mined += m.negatives().isEmpty() ? 0 : 1;
        }
        return new Result(out, mined, all.skippedAsLikelyPositive());
    }

    /**
     * @param candidates the texts negatives are drawn from (e.g. every positive of the training set)
     * @return the pairs with the mined negative set (or null where none qualified)
     */
    public Mining mineAll(TextModel model, List<TextPair> pairs, List<String> candidates) {
        List<String> pool = new ArrayList<>(new LinkedHashSet<>(candidates));
        Map<String, Set<String>> positivesOfGroup = new HashMap<>();
        for (TextPair p : pairs) {
            if (p.group() != null) {
                positivesOfGroup.computeIfAbsent(p.group(), g -> knownPositivesByGroup.getOrDefault(g, List.of()).stream()
                        .map(HardNegativeMiner::norm).collect(Collectors.toCollection(HashSet::new))).add(norm(p.positive()));
            }
        }
        // queries with the model's query prompt, candidates with its document prompt, as training and evaluation embed them
        float[][] q = model.embedAll(pairs.stream().map(TextPair::anchor).toList(), model.prompts().queryName(), batchSize, null);
        float[][] c = model.embedAll(pool, model.prompts().documentName(), batchSize, null);
        float[][] pos = positives(model, pairs, pool, c);
        int k = Math.min(depth, pool.size());
        List<Mined> out = new ArrayList<>(pairs.size());
        int skipped = 0;
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
            NDArray bank = Rows.of(manager, c).normalize(2, 1, 1e-12).transpose();
            for (int start = 0; start < pairs.size(); start += 256) {
                int end = Math.min(pairs.size(), start + 256);
                try (NDManager step = manager.newSubManager()) {
                    NDArray queries = Rows.of(step, q, start, end).normalize(2, 1, 1e-12);
                    NDArray positives = Rows.of(step, pos, start, end).normalize(2, 1, 1e-12);
                    float[] positiveScore = queries.mul(positives).sum(new int[] {1}).toFloatArray();
                    NDList top = queries.matMul(bank).topK(k, 1, true, true);
                    float[] scores = top.get(0).toFloatArray();
                    long[] index = top.get(1).toLongArray();
                    for (int i = start; i < end; i++) {
                        TextPair p = pairs.get(i);
                        Set<String> known = p.group() == null ? Set.of(norm(p.positive())) : positivesOfGroup.get(p.group());
                        double positive = positiveScore[i - start];
                        List<String> found = new ArrayList<>();
                        List<Double> foundScores = new ArrayList<>();
                        int rank = 0;
                        for (int r = 0; r < k && found.size() < negatives; r++) {
                            int at = (i - start) * k + r;
                            String candidate = pool.get((int) index[at]);
                            if (known.contains(norm(candidate)) || norm(candidate).equals(norm(p.anchor()))) {
                                continue;
                            }
                            if (rank++ < rangeMin) {
                                continue;
                            }
                            if (scores[at] > positive - margin
                                    || (!Double.isNaN(relativeMargin) && scores[at] > positive * (1 - relativeMargin))) {
                                skipped++;
                                continue;
                            }
                            found.add(candidate);
                            foundScores.add((double) scores[at]);
                        }
                        out.add(new Mined(p, positive, found, foundScores.stream().mapToDouble(Double::doubleValue).toArray()));
                    }
                }
            }
        }
        return new Mining(out, skipped);
    }

    /** The positives' embeddings, taken from the pool where a positive is a candidate (the usual case) instead of embedding it again. */
    private float[][] positives(TextModel model, List<TextPair> pairs, List<String> pool, float[][] poolEmbeddings) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            index.put(pool.get(i), i);
        }
        List<String> missing = pairs.stream().map(TextPair::positive).filter(p -> !index.containsKey(p)).distinct().toList();
        float[][] extra = missing.isEmpty() ? new float[0][] : model.embedAll(missing, model.prompts().documentName(), batchSize, null);
        Map<String, float[]> extraByText = new HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            extraByText.put(missing.get(i), extra[i]);
        }
        float[][] out = new float[pairs.size()][];
        for (int i = 0; i < out.length; i++) {
            String p = pairs.get(i).positive();
            Integer at = index.get(p);
            out[i] = at != null ? poolEmbeddings[at] : extraByText.get(p);
        }
        return out;
    }

    private static String norm(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
