package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019, "Decoupled Weight Decay Regularization"), as PyTorch's
 * {@code torch.optim.AdamW}: {@code w <- w (1 - lr wd)}, then the bias-corrected Adam step
 * {@code w <- w - lr m_hat / (sqrt(v_hat) + eps)}.
 */
public final class AdamW implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager manager;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long steps;

    public AdamW(NDManager manager, double weightDecay) {
        this(manager, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
        this.manager = manager;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients, List<Boolean> decay, double[] rates, NDManager step) {
        if (firstMoments.isEmpty()) {
            for (NDArray p : parameters) {
                firstMoments.add(manager.zeros(p.getShape(), p.getDataType()));
                secondMoments.add(manager.zeros(p.getShape(), p.getDataType()));
            }
        }
        steps++;
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i);
            NDArray g = gradients.get(i);
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            double lr = rates[i];
            if (decay.get(i) && weightDecay > 0) {
                w.muli(1 - lr * weightDecay);
            }
            m.muli(beta1).addi(tmp(g.mul(1 - beta1), step));
            v.muli(beta2).addi(tmp(g.square().muli(1 - beta2), step));
            NDArray denominator = tmp(v.sqrt(), step).divi(Math.sqrt(bias2)).addi(eps);
            w.subi(tmp(m.div(denominator), step).muli(lr / bias1));
        }
    }

    private static NDArray tmp(NDArray x, NDManager step) {
        x.attach(step);
        return x;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        if (firstMoments.isEmpty()) {
            new NDList().encode(out);
            return;
        }
        try (NDArray count = manager.create(steps)) {
            NDList state = new NDList(count);
            state.addAll(firstMoments);
            state.addAll(secondMoments);
            state.encode(out);
        }
    }

    @Override
    public void load(NDList state) {
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        if (state.isEmpty()) {
            steps = 0;
            return;
        }
        steps = state.get(0).getLong();
        int n = (state.size() - 1) / 2;
        for (int i = 0; i < n; i++) {
            firstMoments.add(copy(state.get(1 + i)));
            secondMoments.add(copy(state.get(1 + n + i)));
        }
    }

    private NDArray copy(NDArray x) {
        NDArray c = manager.create(x.getShape(), x.getDataType());
        x.copyTo(c);
        return c;
    }
}
