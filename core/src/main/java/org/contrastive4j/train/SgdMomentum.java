package org.contrastive4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code g <- g + wd w},
 * {@code b <- mu b + g} (b = g at the first step), {@code w <- w - lr b}.
 */
public final class SgdMomentum implements Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final NDManager manager;
    private final List<NDArray> buffers = new ArrayList<>();

    public SgdMomentum(NDManager manager, double momentum, double weightDecay) {
        this.manager = manager;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients, List<Boolean> decay, double[] rates, NDManager step) {
        boolean first = buffers.isEmpty();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i);
            NDArray g = gradients.get(i);
            if (decay.get(i) && weightDecay > 0) {
                g = g.add(w.mul(weightDecay));
                g.attach(step);
            }
            if (first) {
                NDArray b = manager.create(g.getShape(), g.getDataType());
                g.copyTo(b);
                buffers.add(b);
            } else {
                buffers.get(i).muli(momentum).addi(g);
            }
            NDArray update = buffers.get(i).mul(rates[i]);
            update.attach(step);
            w.subi(update);
        }
    }

    @Override
    public void save(OutputStream out) throws IOException {
        new NDList(buffers).encode(out);
    }

    @Override
    public void load(NDList state) {
        buffers.forEach(NDArray::close);
        buffers.clear();
        for (NDArray x : state) {
            NDArray c = manager.create(x.getShape(), x.getDataType());
            x.copyTo(c);
            buffers.add(c);
        }
    }
}
