package org.contrastive4j.eval;

import java.util.Locale;

/**
 * How a representation compares with the raw-pixel baseline of the same run, in points of kNN
 * and linear-probe accuracy: a column for the results table and one sentence for the user.
 */
public final class AgainstRawPixels {
    private AgainstRawPixels() {}

    /** Whether {@code row} is above raw pixels on both kNN and the linear probe. */
    public static boolean beatsOnBoth(Evaluation.Result row, Evaluation.Result pixels) {
        return row.knn() > pixels.knn() && row.linear() > pixels.linear();
    }

    /** "kNN +1.65, linear +2.17 (beats raw pixels on both)", for a results table. */
    public static String column(Evaluation.Result row, Evaluation.Result pixels) {
        String diff = String.format(Locale.ROOT, "kNN %s, linear %s", points(row.knn() - pixels.knn()),
                points(row.linear() - pixels.linear()));
        if (beatsOnBoth(row, pixels)) {
            return diff + " (beats raw pixels on both)";
        }
        if (row.knn() > pixels.knn() || row.linear() > pixels.linear()) {
            return diff + " (beats raw pixels on " + (row.knn() > pixels.knn() ? "kNN" : "the linear probe") + ")";
        }
        return diff;
    }

    /** What the numbers mean for the user, in one sentence. */
    public static String sentence(Evaluation.Result trained, Evaluation.Result pixels, int testImages) {
        double knn = 100 * (trained.knn() - pixels.knn());
        double linear = 100 * (trained.linear() - pixels.linear());
        String on = String.format(Locale.ROOT, "on %d test images", testImages);
        if (knn > 0 && linear > 0) {
            return String.format(Locale.ROOT, "The trained encoder is better than raw pixels on both measures %s: "
                    + "%s points of kNN accuracy and %s points of linear-probe accuracy.", on, points(knn / 100), points(linear / 100));
        }
        if (knn > 0 || linear > 0) {
            return String.format(Locale.ROOT, "The trained encoder is better than raw pixels on %s (%s points) but not on %s "
                    + "(%s points) %s; a longer run (--epochs) or a wider encoder (--widths) usually lifts both.",
                    knn > 0 ? "kNN" : "the linear probe", points((knn > 0 ? knn : linear) / 100),
                    knn > 0 ? "the linear probe" : "kNN", points((knn > 0 ? linear : knn) / 100), on);
        }
        return String.format(Locale.ROOT, "The trained encoder is worse than raw pixels on both measures %s (kNN %s, linear "
                + "probe %s points): it has not yet learned more than the pixels hold; train longer (--epochs) or wider (--widths).",
                on, points(knn / 100), points(linear / 100));
    }

    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction);
    }
}
