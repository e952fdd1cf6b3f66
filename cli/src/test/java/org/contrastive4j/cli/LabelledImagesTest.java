package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledImagesTest {
    @Test
    void fashionMnistForAnRgbModelIsOneClearError() {
        LabelledImages input = new LabelledImages();
        PrintWriter err = new PrintWriter(new StringWriter());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> input.read(new int[] {3, 32, 32}, err));
        assertTrue(e.getMessage().contains("3x32x32") && e.getMessage().contains("1x28x28"), e.getMessage());
        assertEquals(10_000, input.read(new int[] {1, 28, 28}, err).size());
        assertTrue(input.isFashionMnist());
    }
}
