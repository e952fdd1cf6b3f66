package org.contrastive4j.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class ChartsTest {
    @Test
    void aLongRunWithTwoSeriesDrawsAPngOfTheStatedSize(@TempDir Path dir) throws Exception {
        int n = 468;
        double[] step = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 10 * (i + 1);
            a[i] = Math.exp(-i / 100.0);
            b[i] = 0.4;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("teacher entropy (nats)", new double[][] {step, a});
        series.put("teacher representation std x 10", new double[][] {step, b});
        Path file = dir.resolve("collapse.png");
        Charts.line(file, "collapse indicators", "step", "value", series);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "a readable PNG");
        assertEquals(720, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void aSinglePointCurveStillDraws(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("knn.png");
        Charts.line(file, "kNN accuracy during training", "step", "accuracy", Map.of("kNN", new double[][] {{0}, {0.712}}));
        assertNotNull(ImageIO.read(file.toFile()));
    }
}
