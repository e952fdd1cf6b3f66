package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.encoder.ModelDirectory;

/**
 * Model directories: config.json, modules.json (module paths that try to leave the directory),
 * the pooling config and sentence_bert_config.json, any text. No tokenizer or weights are
 * written, so every input must end in an InvalidInputException before anything the config
 * sizes is allocated (10^9 layers, a negative hidden size).
 */
class ModelDirectoryFuzzTest {
    @FuzzTest
    void modelDirectory(FuzzedDataProvider in) {
        var config = Fuzzing.file("model/config.json", in.consumeBytes(in.consumeInt(0, 2048)));
        Fuzzing.file("model/modules.json", in.consumeBytes(in.consumeInt(0, 1024)));
        Fuzzing.file("model/1_Pooling/config.json", in.consumeBytes(in.consumeInt(0, 512)));
        Fuzzing.file("model/sentence_bert_config.json", in.consumeRemainingAsBytes());
        Fuzzing.expectReadOrInvalidInput(() -> {
            ModelDirectory.read(config.getParent()).close();
            throw new AssertionError("a model directory without tokenizer or weights was read");
        });
    }
}
