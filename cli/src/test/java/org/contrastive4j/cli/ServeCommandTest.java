package org.contrastive4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A server that cannot start says why in one line: a model that does not load, two models under one name, a bad limit. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aModelThatFailsToLoadStopsStartUpWithOneLine() {
        Path missing = dir.resolve("no-such-model");
        CliRun.of("serve", "--port", "0", "--model", "mini=" + missing).assertOneLineError(missing.toString());
        CliRun.of("serve", "--port", "0", "--model", "no-such-zoo-model").assertOneLineError("no-such-zoo-model");
        CliRun.of("serve", "--port", "0", "--model", "a=").assertOneLineError("--model 'a='", "after '='");
    }

    @Test
    void twoModelsUnderOneNameAreRefused() {
        CliRun.of("serve", "--port", "0", "--model", "a=all-MiniLM-L6-v2", "--model", "a=all-MiniLM-L6-v2")
                .assertOneLineError("two models are served as 'a'");
    }

    @Test
    void limitsMustBePositive() {
        CliRun.of("serve", "--port", "0", "--max-batch-tokens", "0").assertOneLineError("max batch tokens 0");
    }
}
