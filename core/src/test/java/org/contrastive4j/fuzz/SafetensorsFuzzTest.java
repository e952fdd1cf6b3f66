package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.encoder.Safetensors;

/** safetensors files: header length, JSON header, dtypes, shapes and data offsets beyond the file. */
class SafetensorsFuzzTest {
    @FuzzTest
    void safetensors(byte[] data) {
        var f = Fuzzing.file("model.safetensors", data);
        Fuzzing.expectReadOrInvalidInput(() -> Safetensors.read(f));
    }
}
