package org.contrastive4j.data;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run's one seed. A sample's augmentation depends
 * only on (seed, epoch, index), so views are identical whatever thread makes them and a resumed
 * run replays exactly the views an uninterrupted one would have seen.
 */
public final class Seeds {
    private Seeds() {}

    public static SplittableRandom forSample(long seed, long epoch, long index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ epoch) ^ (index * 0x9E3779B97F4A7C15L)));
    }

    public static SplittableRandom forEpoch(long seed, long epoch) {
        return new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + epoch));
    }

    public static SplittableRandom forPurpose(long seed, String purpose) {
        return new SplittableRandom(mix(seed ^ purpose.hashCode() * 0xBF58476D1CE4E5B9L));
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
