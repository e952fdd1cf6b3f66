package org.contrastive4j.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgainstRawPixelsTest {
    private static final Evaluation.Result PIXELS = new Evaluation.Result("raw pixels", 0.7885, 0.8383, 0.577, -1.368);

    @Test
    void rowsAreMarkedByWhatTheyBeat() {
        Evaluation.Result both = new Evaluation.Result("trained", 0.8050, 0.8600, 0.09, -0.8);
        Evaluation.Result linearOnly = new Evaluation.Result("trained", 0.7824, 0.8500, 0.09, -0.8);
        Evaluation.Result neither = new Evaluation.Result("trained", 0.7824, 0.8156, 0.09, -0.8);
        assertEquals("kNN +1.65, linear +2.17 (beats raw pixels on both)", AgainstRawPixels.column(both, PIXELS));
        assertEquals("kNN -0.61, linear +1.17 (beats raw pixels on the linear probe)", AgainstRawPixels.column(linearOnly, PIXELS));
        assertEquals("kNN -0.61, linear -2.27", AgainstRawPixels.column(neither, PIXELS));
        assertTrue(AgainstRawPixels.beatsOnBoth(both, PIXELS));
        assertTrue(!AgainstRawPixels.beatsOnBoth(linearOnly, PIXELS));
    }

    @Test
    void theSentenceSaysBetterOrWorseAndByHowMuch() {
        String better = AgainstRawPixels.sentence(new Evaluation.Result("t", 0.8050, 0.8600, 0, 0), PIXELS, 10000);
        assertTrue(better.startsWith("The trained encoder is better than raw pixels on both measures on 10000 test images: "
                + "+1.65 points of kNN accuracy and +2.17 points"), better);
        String mixed = AgainstRawPixels.sentence(new Evaluation.Result("t", 0.7824, 0.8500, 0, 0), PIXELS, 10000);
        assertTrue(mixed.contains("better than raw pixels on the linear probe (+1.17 points) but not on kNN (-0.61 points)"), mixed);
        String worse = AgainstRawPixels.sentence(new Evaluation.Result("t", 0.7824, 0.8156, 0, 0), PIXELS, 10000);
        assertTrue(worse.contains("worse than raw pixels on both measures on 10000 test images (kNN -0.61, linear probe -2.27 points)"), worse);
    }
}
