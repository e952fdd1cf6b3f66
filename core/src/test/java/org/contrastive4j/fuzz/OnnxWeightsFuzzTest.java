package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.contrastive4j.encoder.onnx.OnnxWeights;

/** ONNX model files: protobuf framing, initializers whose dims disagree with their data. */
class OnnxWeightsFuzzTest {
    @FuzzTest
    void onnx(byte[] data) {
        Fuzzing.expectReadOrInvalidInput(() -> OnnxWeights.read(new ByteArrayInputStream(data), "model.onnx"));
    }
}
