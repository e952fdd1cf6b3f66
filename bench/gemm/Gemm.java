import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.nio.file.Paths;
import java.util.Arrays;

/** 2048^3 matmul in DJL's libtorch: float32 NDArray.matMul against bfloat16 through a TorchScript module; median of 9 after 3 warm-up. */
public class Gemm {
    public static void main(String[] args) {
        int n = 2048;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            PtSymbolBlock bf16 = JniUtils.loadModule((PtNDManager) m, Paths.get(args[0]), false, new String[0], new String[0], false);
            ParameterStore store = new ParameterStore(m, false);
            NDArray exact = a.matMul(b);
            NDArray approx = bf16.forward(store, new NDList(a, b), false).singletonOrThrow();
            double relative = approx.sub(exact).norm().getFloat() / exact.norm().getFloat();
            double fp32 = median(() -> a.matMul(b), m);
            double bf = median(() -> bf16.forward(store, new NDList(a, b), false).singletonOrThrow(), m);
            double flop = 2.0 * n * n * n;
            System.out.printf("djl-fp32\t%.1f%n", flop / fp32 / 1e9);
            System.out.printf("djl-bf16\t%.1f\t%.2e%n", flop / bf / 1e9, relative);
        }
    }

    private static double median(java.util.function.Supplier<NDArray> op, NDManager m) {
        double[] t = new double[12];
        for (int i = 0; i < t.length; i++) {
            try (NDManager scope = m.newSubManager()) {
                long start = System.nanoTime();
                NDArray x = op.get();
                x.attach(scope);
                x.getFloat(0, 0);
                t[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        double[] kept = Arrays.copyOfRange(t, 3, t.length);
        Arrays.sort(kept);
        return kept[kept.length / 2];
    }
}
