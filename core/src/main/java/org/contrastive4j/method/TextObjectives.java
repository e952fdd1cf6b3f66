package org.contrastive4j.method;

import org.contrastive4j.data.Seeds;

/** What the text objectives share: the per-step seed of the engine's random ops (dropout). */
final class TextObjectives {
    private TextObjectives() {}

    /**
     * The engine seed for {@code step}: dropout masks depend on (run seed, step) only, so a
     * resumed run draws the masks the uninterrupted run would have drawn.
     */
    static int stepSeed(long seed, long step) {
        return Seeds.forSample(seed, 0, step).nextInt(Integer.MAX_VALUE);
    }
}
