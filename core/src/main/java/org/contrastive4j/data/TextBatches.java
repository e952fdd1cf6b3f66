package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Batches of text pairs for in-batch losses, without duplicates: each epoch visits the pairs
 * in a permutation drawn from (seed, epoch), and a pair whose group, anchor, positive or
 * negative text is already in the batch waits for the next batch. A duplicate would be a
 * false negative: its positive sits among the other anchor's negatives. Batch k of an epoch
 * depends only on (seed, epoch), so a resumed run sees the same batches. The last incomplete
 * batch of an epoch is dropped.
 *
 * <p>With a topic per pair (topic-aware sampling, Hofstätter et al. 2021), each epoch visits the
 * topics in a random order and the pairs of a topic together, so a batch's in-batch negatives
 * come from one topic (e.g. a WordNet lexicographer file: animals among animals); the batches
 * are then visited in a random order.
 */
public final class TextBatches {
    private List<TextPair> pairs;
    private final int batchSize;
    private final long seed;
    private final Function<TextPair, String> topic;
    private long cachedEpoch = -1;
    private List<List<TextPair>> cached;

    public TextBatches(List<TextPair> pairs, int batchSize, long seed) {
        this(pairs, batchSize, seed, null);
    }

    /** @param topic the topic of a pair (null: batches mix all pairs) */
    public TextBatches(List<TextPair> pairs, int batchSize, long seed, Function<TextPair, String> topic) {
        if (batchSize < 2) {
            throw new InvalidInputException("batch size must be at least 2 for in-batch negatives, got " + batchSize);
        }
        if (pairs.size() < batchSize) {
            throw new InvalidInputException("batch size " + batchSize + " exceeds the " + pairs.size()
                    + " training pairs; lower batchSize or use more data");
        }
        this.pairs = List.copyOf(pairs);
        this.batchSize = batchSize;
        this.seed = seed;
        this.topic = topic;
    }

    public int stepsPerEpoch() {
        return pairs.size() / batchSize;
    }

    public List<TextPair> pairs() {
        return pairs;
    }

    /**
     * Uses {@code updated} (the same pairs, e.g. with freshly mined hard negatives) from now on.
     * Meant for the start of an epoch: the epoch's batches are packed again from the new pairs.
     */
    public synchronized void replacePairs(List<TextPair> updated) {
        if (updated.size() != pairs.size()) {
            throw new IllegalArgumentException("expected " + pairs.size() + " pairs, got " + updated.size());
        }
        pairs = List.copyOf(updated);
        cachedEpoch = -1;
    }

    /** The batch of {@code step}. */
    public synchronized TextBatch make(long step) {
        long epoch = step / stepsPerEpoch();
        if (epoch != cachedEpoch) {
            cached = pack(epoch);
            cachedEpoch = epoch;
        }
        return new TextBatch(step, cached.get((int) (step % stepsPerEpoch())));
    }

    private List<List<TextPair>> pack(long epoch) {
        int[] order = Permutations.of(pairs.size(), Seeds.forEpoch(seed, epoch));
        if (topic != null) {
            order = groupedByTopic(order, epoch);
        }
        Deque<Integer> waiting = new ArrayDeque<>();
        List<List<TextPair>> batches = new ArrayList<>();
        int next = 0;
        while (batches.size() < stepsPerEpoch()) {
            List<TextPair> batch = new ArrayList<>(batchSize);
            Set<String> seen = new HashSet<>();
            int deferredNow = waiting.size();
            for (int w = 0; w < deferredNow && batch.size() < batchSize; w++) {
                int i = waiting.poll();
                if (!add(batch, seen, i)) {
                    waiting.add(i);
                }
            }
            while (batch.size() < batchSize && next < order.length) {
                int i = order[next++];
                if (!add(batch, seen, i)) {
                    waiting.add(i);
                }
            }
            if (batch.size() < batchSize) {
                break; // what is left cannot fill a batch without duplicates
            }
            batches.add(batch);
        }
        if (batches.isEmpty()) {
            throw new InvalidInputException("cannot make one batch of " + batchSize + " pairs without duplicates: the "
                    + pairs.size() + " pairs repeat their texts or groups too often; lower batchSize");
        }
        while (batches.size() < stepsPerEpoch()) {
            // Only when duplicates are so dense that packing ran dry: repeat the epoch's first batches.
            batches.add(batches.get(batches.size() % Math.max(1, batches.size())));
        }
        if (topic != null) {
            int[] visit = Permutations.of(batches.size(), Seeds.forPurpose(Seeds.forEpoch(seed, epoch).nextLong(), "batch-order"));
            List<List<TextPair>> shuffled = new ArrayList<>(batches.size());
            for (int b : visit) {
                shuffled.add(batches.get(b));
            }
            return shuffled;
        }
        return batches;
    }

    /** The epoch's order regrouped by topic: topics in a random order, each topic's pairs in their order within {@code order}. */
    private int[] groupedByTopic(int[] order, long epoch) {
        List<String> topics = new ArrayList<>(new TreeSet<>(pairs.stream().map(this::topicOf).toList()));
        int[] topicOrder = Permutations.of(topics.size(), Seeds.forPurpose(Seeds.forEpoch(seed, epoch).nextLong(), "topic-order"));
        Map<String, Integer> rank = new HashMap<>();
        for (int r = 0; r < topicOrder.length; r++) {
            rank.put(topics.get(topicOrder[r]), r);
        }
        return Arrays.stream(order).boxed().sorted(Comparator.comparingInt(i -> rank.get(topicOf(pairs.get(i)))))
                .mapToInt(Integer::intValue).toArray();
    }

    private String topicOf(TextPair p) {
        String t = topic.apply(p);
        return t == null ? "" : t;
    }

    private boolean add(List<TextPair> batch, Set<String> seen, int index) {
        TextPair p = pairs.get(index);
        List<String> keys = new ArrayList<>(4);
        if (p.group() != null) {
            keys.add("g\u0000" + p.group());
        }
        keys.add("t\u0000" + norm(p.anchor()));
        keys.add("t\u0000" + norm(p.positive()));
        for (String negative : p.negatives()) {
            keys.add("t\u0000" + norm(negative));
        }
        for (String k : keys) {
            if (seen.contains(k)) {
                return false;
            }
        }
        seen.addAll(keys);
        batch.add(p);
        return true;
    }

    private static String norm(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
