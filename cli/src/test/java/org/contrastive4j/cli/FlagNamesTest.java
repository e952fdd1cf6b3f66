package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlagNamesTest {
    @Test
    void theNamedParameterBecomesItsFlag() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainerConfig.defaults(10).learningRate(-1));
        assertEquals("learningRate must be > 0, got -1.0", e.getMessage(), "the library speaks of its parameter");
        assertEquals("--lr must be > 0, got -1.0", FlagNames.message(e), "the command line of its flag");
        InvalidInputException chunk = assertThrows(InvalidInputException.class, () -> org.contrastive4j.method.TextObjectives.checkChunk(-1));
        assertEquals("--chunk must be 0 (no GradCache) or positive, got -1", FlagNames.message(chunk));
    }

    @Test
    void onlyNamesThatCannotBeWordsAreReplacedInsideAMessage() {
        assertEquals("Try a lower --lr or a higher --tau.", FlagNames.translate("Try a lower learningRate or a higher tau."));
        assertEquals("continue that run with --resume or choose another --out",
                FlagNames.translate("continue that run with resume=true or choose another outDir"));
        assertEquals("a config with 12 layers and a width of 384", FlagNames.translate("a config with 12 layers and a width of 384"));
        assertEquals("--layers must be at least 2, got 1", FlagNames.message(InvalidInputException.parameter("layers", "must be at least 2, got 1")));
    }
}
