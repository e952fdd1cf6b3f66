package org.contrastive4j.testing;

/**
 * The loss formulas written out with plain loops over doubles, straight from the papers, as an
 * independent reference for the NDArray implementations. Matrices are double[rows][cols].
 */
public final class Reference {
    private Reference() {}

    public static double[][] matrix(double[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double cos(double[] a, double[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a)) / Math.sqrt(dot(b, b));
    }

    public static double l2(double[] a, double[] b) {
        return Math.sqrt(sql2(a, b));
    }

    public static double sql2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** -log(exp(x[target]) / sum_k exp(x[k])), over the entries with keep[k]. */
    public static double crossEntropy(double[] logits, boolean[] keep, int target) {
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            if (keep == null || keep[k]) {
                sum += Math.exp(logits[k]);
            }
        }
        return -(logits[target] - Math.log(sum));
    }

    public static double ntXent(double[][] z1, double[][] z2, double tau) {
        int n = z1.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = z1[i];
            z[i + n] = z2[i];
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            double[] logits = new double[2 * n];
            boolean[] keep = new boolean[2 * n];
            for (int k = 0; k < 2 * n; k++) {
                logits[k] = cos(z[i], z[k]) / tau;
                keep[k] = k != i;
            }
            total += crossEntropy(logits, keep, (i + n) % (2 * n));
        }
        return total / (2 * n);
    }

    /** Cosine InfoNCE; negatives [N][M][d] and queue [K][d] may be null. */
    public static double infoNce(double[][] q, double[][] p, double[][][] negatives, double[][] queue,
                                 boolean inBatch, double tau) {
        int n = q.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            java.util.List<Double> logits = new java.util.ArrayList<>();
            logits.add(cos(q[i], p[i]) / tau);
            if (inBatch) {
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        logits.add(cos(q[i], p[j]) / tau);
                    }
                }
            }
            if (negatives != null) {
                for (double[] neg : negatives[i]) {
                    logits.add(cos(q[i], neg) / tau);
                }
            }
            if (queue != null) {
                for (double[] k : queue) {
                    logits.add(cos(q[i], k) / tau);
                }
            }
            total += crossEntropy(logits.stream().mapToDouble(Double::doubleValue).toArray(), null, 0);
        }
        return total / n;
    }

    /** Returns {mean over rows of image->text CE, mean over columns of text->image CE}. */
    public static double[] clipDirections(double[][] image, double[][] text, double scale) {
        int n = image.length;
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < n; i++) {
            double[] r = new double[n];
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                r[j] = scale * cos(image[i], text[j]);
                c[j] = scale * cos(image[j], text[i]);
            }
            rows += crossEntropy(r, null, i);
            cols += crossEntropy(c, null, i);
        }
        return new double[] {rows / n, cols / n};
    }

    /** SupCon over embeddings z with labels; out = true for L_out. Anchors without positives are skipped. */
    public static double supCon(double[][] z, int[] labels, double tau, boolean out) {
        int m = z.length;
        double total = 0;
        int anchors = 0;
        for (int i = 0; i < m; i++) {
            double denominator = 0;
            for (int a = 0; a < m; a++) {
                if (a != i) {
                    denominator += Math.exp(cos(z[i], z[a]) / tau);
                }
            }
            double sumLog = 0;
            double sumProb = 0;
            int positives = 0;
            for (int p = 0; p < m; p++) {
                if (p != i && labels[p] == labels[i]) {
                    double logProb = cos(z[i], z[p]) / tau - Math.log(denominator);
                    sumLog += logProb;
                    sumProb += Math.exp(logProb);
                    positives++;
                }
            }
            if (positives == 0) {
                continue;
            }
            anchors++;
            total += out ? -sumLog / positives : -Math.log(sumProb / positives);
        }
        return anchors == 0 ? 0 : total / anchors;
    }

    public static double triplet(double[][] a, double[][] p, double[][] n, double margin, boolean squared) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double dp = squared ? sql2(a[i], p[i]) : l2(a[i], p[i]);
            double dn = squared ? sql2(a[i], n[i]) : l2(a[i], n[i]);
            total += Math.max(0, dp - dn + margin);
        }
        return total / a.length;
    }

    public static double pairMargin(double[][] x1, double[][] x2, boolean[] same, double margin, boolean hadsell) {
        double total = 0;
        for (int i = 0; i < x1.length; i++) {
            double d2 = sql2(x1[i], x2[i]);
            if (same[i]) {
                total += d2;
            } else if (hadsell) {
                double h = Math.max(0, margin - Math.sqrt(d2));
                total += h * h;
            } else {
                total += Math.max(0, margin - d2);
            }
        }
        return total / x1.length;
    }

    public static double simCseSupervised(double[][] z1, double[][] z2, double[][] z3, double tau, double weight) {
        int n = z1.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] logits = new double[2 * n];
            for (int j = 0; j < n; j++) {
                logits[j] = cos(z1[i], z2[j]) / tau;
                logits[n + j] = cos(z1[i], z3[j]) / tau + (i == j ? weight : 0);
            }
            total += crossEntropy(logits, null, i);
        }
        return total / n;
    }

    /** log(1 + sum_j exp(a.n_j - a.p)), negatives per anchor, or the other positives when null. */
    public static double nPair(double[][] a, double[][] p, double[][][] negatives) {
        int n = a.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            if (negatives == null) {
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        sum += Math.exp(dot(a[i], p[j]) - dot(a[i], p[i]));
                    }
                }
            } else {
                for (double[] neg : negatives[i]) {
                    sum += Math.exp(dot(a[i], neg) - dot(a[i], p[i]));
                }
            }
            total += Math.log(1 + sum);
        }
        return total / n;
    }

    /** Binary NCE with dot scores; logNoise may be null (negative sampling). */
    public static double nce(double[][] q, double[][] p, double[][][] negatives, double[] logNoisePos, double[][] logNoiseNeg) {
        int n = q.length;
        int m = negatives[0].length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double logit = dot(q[i], p[i]) - (logNoisePos == null ? 0 : Math.log(m) + logNoisePos[i]);
            total += -Math.log(sigmoid(logit));
            for (int j = 0; j < m; j++) {
                double neg = dot(q[i], negatives[i][j]) - (logNoiseNeg == null ? 0 : Math.log(m) + logNoiseNeg[i][j]);
                total += -Math.log(1 - sigmoid(neg));
            }
        }
        return total / n;
    }

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The DINO loss of the reference code; returns {loss, new centre...}. */
    public static double[] dino(double[][][] student, double[][][] teacher, double[] center,
                                double studentTemp, double teacherTemp, double momentum) {
        int vs = student.length;
        int vt = teacher.length;
        int n = student[0].length;
        int k = center.length;
        double total = 0;
        int terms = 0;
        for (int t = 0; t < vt; t++) {
            for (int v = 0; v < vs; v++) {
                if (v == t) {
                    continue;
                }
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    double[] pt = softmax(teacher[t][b], center, teacherTemp);
                    double[] ps = softmax(student[v][b], null, studentTemp);
                    for (int c = 0; c < k; c++) {
                        sum += -pt[c] * Math.log(ps[c]);
                    }
                }
                total += sum / n;
                terms++;
            }
        }
        double[] result = new double[k + 1];
        result[0] = total / terms;
        for (int c = 0; c < k; c++) {
            double mean = 0;
            for (double[][] view : teacher) {
                for (double[] row : view) {
                    mean += row[c];
                }
            }
            mean /= vt * n;
            result[c + 1] = center[c] * momentum + mean * (1 - momentum);
        }
        return result;
    }

    private static double[] softmax(double[] x, double[] center, double temp) {
        double[] y = new double[x.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - (center == null ? 0 : center[i])) / temp;
            max = Math.max(max, y[i]);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(y[i] - max);
            sum += y[i];
        }
        for (int i = 0; i < x.length; i++) {
            y[i] /= sum;
        }
        return y;
    }
}
