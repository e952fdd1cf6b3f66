package org.contrastive4j.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compares autograd gradients with central finite differences in float64. The function must
 * build everything it differentiates from its inputs, so perturbing an input perturbs the loss.
 */
public final class GradientCheck {
    private static final double EPS = 1e-6;

    private GradientCheck() {}

    /** Relative error per input: ||g_autograd - g_numeric|| / max(||g_autograd|| + ||g_numeric||, 1e-12). */
    public static double[] relativeErrors(NDManager manager, List<double[]> values, List<Shape> shapes,
                                          Function<NDList, NDArray> loss) {
        List<double[]> analytic = analytic(manager, values, shapes, loss);
        double[] errors = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            double[] numeric = numeric(manager, values, shapes, loss, i);
            double diff = 0;
            double norm = 0;
            for (int j = 0; j < numeric.length; j++) {
                diff += sq(analytic.get(i)[j] - numeric[j]);
                norm += sq(analytic.get(i)[j]) + sq(numeric[j]);
            }
            errors[i] = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
        }
        return errors;
    }

    /** The autograd gradient of each input, flattened. */
    public static List<double[]> analytic(NDManager parent, List<double[]> values, List<Shape> shapes,
                                          Function<NDList, NDArray> loss) {
        try (NDManager manager = parent.newSubManager()) {
            NDList inputs = build(manager, values, shapes);
            for (NDArray x : inputs) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.apply(inputs));
            }
            List<double[]> grads = new ArrayList<>();
            for (NDArray x : inputs) {
                grads.add(x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
            }
            return grads;
        }
    }

    /** The loss as a double, without gradient tracking. */
    public static double value(NDManager parent, List<double[]> values, List<Shape> shapes, Function<NDList, NDArray> loss) {
        try (NDManager manager = parent.newSubManager()) {
            return loss.apply(build(manager, values, shapes)).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    private static double[] numeric(NDManager manager, List<double[]> values, List<Shape> shapes,
                                    Function<NDList, NDArray> loss, int which) {
        double[] x = values.get(which);
        double[] grad = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double saved = x[j];
            x[j] = saved + EPS;
            double plus = value(manager, values, shapes, loss);
            x[j] = saved - EPS;
            double minus = value(manager, values, shapes, loss);
            x[j] = saved;
            grad[j] = (plus - minus) / (2 * EPS);
        }
        return grad;
    }

    private static NDList build(NDManager manager, List<double[]> values, List<Shape> shapes) {
        NDList list = new NDList();
        for (int i = 0; i < values.size(); i++) {
            list.add(manager.create(values.get(i).clone(), shapes.get(i)));
        }
        return list;
    }

    private static double sq(double v) {
        return v * v;
    }
}
