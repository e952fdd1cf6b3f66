package org.contrastive4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.loss.ClipLoss;

import java.io.PrintWriter;
import java.util.Locale;

/** Seed 000's CLIP example, computed by the library and printed with both conventions. */
final class WorkedExample {
    private WorkedExample() {}

    static void print(NDManager manager, PrintWriter out) {
        NDArray image = manager.create(new double[] {1, 0, 0, 1}, new Shape(2, 2));
        NDArray text = manager.create(new double[] {1, 0, 0, 1}, new Shape(2, 2));
        ClipLoss loss = new ClipLoss(manager);
        NDArray[] directions = loss.directionLosses(image, text, 1.0);
        double rows = directions[0].getDouble();
        double cols = directions[1].getDouble();
        double mean = loss.forward(image, text, 1.0).getDouble();
        double p = image.matMul(text.transpose()).softmax(1).getDouble(0, 0);
        out.println("Seed 000 worked example: CLIP loss on images [[1,0],[0,1]] and texts [[1,0],[0,1]], tau = 1");
        out.println("logits = identity; P(text 1 | image 1) = e / (e + 1) = " + f(p));
        out.println();
        out.printf(Locale.ROOT, "%-52s %s%n", "image -> text cross-entropy (mean over rows)", f(rows));
        out.printf(Locale.ROOT, "%-52s %s%n", "text -> image cross-entropy (mean over columns)", f(cols));
        out.printf(Locale.ROOT, "%-52s %s%n", "CLIP loss = 0.5 rows + 0.5 cols (contrastive4j)", f(mean));
        out.printf(Locale.ROOT, "%-52s %s%n", "sum of both directions (the article's \"about 0.63\")", f(rows + cols));
        out.println();
        out.println("contrastive4j uses the mean of the two directions, as CLIP's pseudo-code does;");
        out.println("seed 000 writes the mean but prints the sum.");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.7f", v);
    }
}
