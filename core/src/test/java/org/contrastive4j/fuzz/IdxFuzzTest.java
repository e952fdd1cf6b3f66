package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.data.IdxReader;

/** IDX files (Fashion-MNIST's format), plain and gzipped, read as images, as labels and for their shape. */
class IdxFuzzTest {
    @FuzzTest
    void idx(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String name = (data[0] & 1) == 0 ? "file.idx" : "file.idx.gz";
        var f = Fuzzing.file(name, java.util.Arrays.copyOfRange(data, 1, data.length));
        Fuzzing.expectReadOrInvalidInput(() -> IdxReader.readImages(f));
        Fuzzing.expectReadOrInvalidInput(() -> IdxReader.imageShape(f));
        Fuzzing.expectReadOrInvalidInput(() -> IdxReader.readLabels(f));
    }
}
