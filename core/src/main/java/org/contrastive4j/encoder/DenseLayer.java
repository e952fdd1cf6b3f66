package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.InvalidInputException;

/**
 * sentence-transformers' Dense module after pooling: {@code f(x W + b)} with {@code f} tanh or the
 * identity. {@code weight} is stored [in][out] here ([out][in] on disk, as PyTorch's Linear).
 */
public record DenseLayer(NDArray weight, NDArray bias, Activation activation) {
    /** The activations sentence-transformers writes, by the class name it writes. */
    public enum Activation {
        TANH("torch.nn.modules.activation.Tanh"), IDENTITY("torch.nn.modules.linear.Identity");

        private final String torchName;

        Activation(String torchName) {
            this.torchName = torchName;
        }

        public String torchName() {
            return torchName;
        }

        public static Activation of(String torchName, String where) {
            for (Activation a : values()) {
                if (a.torchName.equals(torchName)) {
                    return a;
                }
            }
            throw new InvalidInputException(where + ": activation_function '" + torchName + "' is not supported (use "
                    + TANH.torchName + " or " + IDENTITY.torchName + ")");
        }
    }

    public long inFeatures() {
        return weight.getShape().get(0);
    }

    public long outFeatures() {
        return weight.getShape().get(1);
    }

    /** Applies the layer to pooled vectors [B][in]; the result lives with {@code x}. */
    public NDArray apply(NDArray x) {
        NDArray y = x.matMul(weight);
        if (bias != null) {
            y = y.add(bias);
        }
        return activation == Activation.TANH ? y.tanh() : y;
    }
}
