package org.contrastive4j.cli;

import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.index.VectorIndex;
import org.contrastive4j.serve.EmbeddingServer;
import org.contrastive4j.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code c4j serve}: the HTTP embedding server, until interrupted (Ctrl-C drains in-flight requests). */
@Command(name = "serve", description = {"Serve embeddings, search and classification over HTTP, in the APIs clients speak.",
    "OpenAI: POST /v1/embeddings {\"input\", \"model\", \"encoding_format\", \"dimensions\"}, GET /v1/models.",
    "Text Embeddings Inference: POST /embed {\"inputs\", \"normalize\", \"truncate\", \"prompt_name\"}, POST /tokenize, GET /info.",
    "Also POST /embed {\"texts\": [...]}, POST /search {\"query\", \"k\"}, POST /classify {\"texts\", \"labels\"}, GET /health.",
    "Binds to 127.0.0.1 unless --host says otherwise."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--index", description = "Index directory for /search.")
    Path index;

    @Option(names = "--port", defaultValue = "8080")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--no-batching", description = "Embed each request on its own (for comparison).")
    boolean noBatching;

    @Option(names = "--max-batch", defaultValue = "128", description = "Most texts per batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--batch-window-ms", defaultValue = "0", description = "How long a batch waits for more requests once it has one "
            + "(default ${DEFAULT-VALUE}: it takes what is queued, so a lone client never waits).")
    long windowMillis;

    @Option(names = "--max-body-bytes", defaultValue = "1048576")
    long maxBody;

    @Option(names = "--max-texts", defaultValue = "256", description = "Most texts per request (default ${DEFAULT-VALUE}).")
    int maxTexts;

    @Option(names = "--max-text-chars", defaultValue = "10000")
    int maxChars;

    @Option(names = "--max-concurrent-requests", defaultValue = "512", description = "Requests that may wait for the model; "
            + "beyond, 429 with Retry-After (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--request-timeout-ms", defaultValue = "30000", description = "A request not answered by then gets 503 "
            + "(default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--api-key", description = "Require 'Authorization: Bearer KEY' (repeatable); /health stays open.")
    List<String> apiKeys = new java.util.ArrayList<>();

    @Option(names = "--api-key-file", description = "A file of API keys, one a line (blank lines and # comments skipped).")
    Path apiKeyFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> keys = new java.util.ArrayList<>(apiKeys);
        if (apiKeyFile != null) {
            if (!java.nio.file.Files.isRegularFile(apiKeyFile)) {
                throw new org.contrastive4j.InvalidInputException("no API key file " + apiKeyFile);
            }
            java.nio.file.Files.readAllLines(apiKeyFile).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(keys::add);
        }
        ServerConfig config = new ServerConfig(host, port, maxBody, maxTexts, maxChars, !noBatching, maxBatch, windowMillis,
                maxConcurrent, timeoutMillis, keys);
        TextModel m = TextModel.load(model != null ? model : index != null ? IndexCommand.modelOf(index) : null);
        VectorIndex idx = index != null ? VectorIndex.open(index) : null;
        EmbeddingServer server = new EmbeddingServer(m, idx, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                if (idx != null) {
                    idx.close();
                }
                m.close();
            } catch (Exception ignored) {
                // shutting down anyway
            } finally {
                stopped.countDown();
            }
        }));
        int bound = server.start();
        spec.commandLine().getErr().printf("serving %s on http://%s:%d (batching %s%s)%n", m.name(), host, bound,
                noBatching ? "off" : "on", keys.isEmpty() ? "" : ", " + keys.size() + " API key(s) required");
        spec.commandLine().getErr().flush();
        stopped.await();
        return Main.EXIT_OK;
    }
}
