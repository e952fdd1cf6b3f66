package org.contrastive4j.fuzz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.List;
import org.contrastive4j.train.Checkpoints;
import org.contrastive4j.train.Optimizer;
import org.contrastive4j.train.Trainable;

/**
 * A run directory's checkpoints as --resume finds them: the latest pointer, state.json, the
 * weight and optimizer files. Weights are decoded only once their SHA-256 matches state.json's,
 * so a corrupt file never reaches the decoder: the model and optimizer here fail if it does.
 */
class CheckpointsFuzzTest {
    private static final Trainable MODEL = new Trainable() {
        @Override public NDManager manager() { throw new AssertionError("decoded a checkpoint whose sums were not checked"); }
        @Override public List<NDArray> trainableArrays() { return List.of(); }
        @Override public List<Boolean> decayMask() { return List.of(); }
        @Override public void save(DataOutputStream out) { }
        @Override public void load(DataInputStream in, String source) {
            throw new AssertionError("decoded a checkpoint whose sums were not checked");
        }
    };
    private static final Optimizer OPTIMIZER = new Optimizer() {
        @Override public void step(List<NDArray> p, List<NDArray> g, List<Boolean> d, double[] lr, NDManager step) { }
        @Override public void save(OutputStream out) { }
        @Override public void load(NDList state) { }
    };

    @FuzzTest
    void checkpoints(FuzzedDataProvider in) {
        var run = Fuzzing.dir().resolve("run");
        Fuzzing.file("run/checkpoints/latest", in.consumeBytes(in.consumeInt(0, 64)));
        String step = "run/checkpoints/step-" + String.format("%08d", in.consumeInt(0, 3)) + "/";
        Fuzzing.file(step + "state.json", in.consumeBytes(in.consumeInt(0, 1024)));
        Fuzzing.file(step + "model.params", in.consumeBytes(in.consumeInt(0, 256)));
        Fuzzing.file(step + "optimizer.ndlist", in.consumeRemainingAsBytes());
        Checkpoints checkpoints = new Checkpoints(run);
        Fuzzing.expectReadOrInvalidInput(() -> {
            var latest = checkpoints.latest();
            if (latest != null) {
                checkpoints.load(latest, MODEL, OPTIMIZER);
            }
        });
    }
}
