package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.data.EmbeddingFiles;

/** Embedding files as c4j dedup and index read them: .npy (header, version, shape against length), .safetensors, .jsonl. */
class EmbeddingFilesFuzzTest {
    private static final String[] NAMES = {"vectors.npy", "vectors.safetensors", "vectors.jsonl"};

    @FuzzTest
    void embeddings(FuzzedDataProvider in) {
        var f = Fuzzing.file(in.pickValue(NAMES), in.consumeRemainingAsBytes());
        Fuzzing.expectReadOrInvalidInput(() -> EmbeddingFiles.read(f));
    }
}
