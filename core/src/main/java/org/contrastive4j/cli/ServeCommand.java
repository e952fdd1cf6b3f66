package org.contrastive4j.cli;

import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.index.VectorIndex;
import org.contrastive4j.serve.EmbeddingServer;
import org.contrastive4j.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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

    @Option(names = "--batch-window-ms", defaultValue = "5", description = "How long a batch waits for more requests (default ${DEFAULT-VALUE}).")
    long windowMillis;

    @Option(names = "--max-body-bytes", defaultValue = "1048576")
    long maxBody;

    @Option(names = "--max-texts", defaultValue = "256", description = "Most texts per request (default ${DEFAULT-VALUE}).")
    int maxTexts;

    @Option(names = "--max-text-chars", defaultValue = "10000")
    int maxChars;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = new ServerConfig(host, port, maxBody, maxTexts, maxChars, !noBatching, maxBatch, windowMillis);
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
        spec.commandLine().getErr().printf("serving on http://%s:%d (batching %s)%n", host, bound, noBatching ? "off" : "on");
        spec.commandLine().getErr().flush();
        stopped.await();
        return Main.EXIT_OK;
    }
}
