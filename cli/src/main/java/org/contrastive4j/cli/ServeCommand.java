package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.index.VectorIndex;
import org.contrastive4j.serve.EmbeddingServer;
import org.contrastive4j.serve.ServedModel;
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
    @Option(names = "--model", paramLabel = "[NAME=]MODEL", description = {"A model to serve: a text model directory or zoo name "
        + "(c4j models list), an image encoder or a CLIP directory; NAME= serves it under NAME (default: its own name). Repeatable; "
        + "the first is the default. Default: the index's model, else the embedded all-MiniLM-L6-v2."})
    List<String> models = new java.util.ArrayList<>();

    @Option(names = "--index", description = "Index directory for /search.")
    Path index;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on; 0.0.0.0 for every interface (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--no-batching", description = "Embed each request on its own (for comparison).")
    boolean noBatching;

    @Option(names = "--max-batch", defaultValue = "256", description = "Most inputs per batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-batch-tokens", defaultValue = "16384", description = "Most padded tokens per batch: its longest input's "
            + "tokens x its inputs, as Text Embeddings Inference counts (default ${DEFAULT-VALUE}).")
    long maxBatchTokens;

    @Option(names = "--max-input-tokens", defaultValue = "0", description = "Most tokens of one input (default: the model's own "
            + "limit); longer ones are refused (413) unless the request asks to truncate.")
    int maxInputTokens;

    @Option(names = "--batch-window-ms", defaultValue = "0", description = "How long a batch waits for more requests once it has one "
            + "(default ${DEFAULT-VALUE}: it takes what is queued, so a lone client never waits).")
    long windowMillis;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest request body; larger ones get 413 (default ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = {"--max-client-batch-size", "--max-texts"}, defaultValue = "256", description = "Most inputs per request "
            + "(default ${DEFAULT-VALUE}).")
    int maxTexts;

    @Option(names = "--max-text-chars", defaultValue = "10000", description = "Most characters of one input; longer ones get 413 (default ${DEFAULT-VALUE}).")
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
                throw new InvalidInputException("no API key file " + apiKeyFile);
            }
            java.nio.file.Files.readAllLines(apiKeyFile).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(keys::add);
        }
        ServerConfig config = new ServerConfig(host, port, maxBody, maxTexts, maxChars, !noBatching, maxBatch, maxBatchTokens,
                maxInputTokens, windowMillis, maxConcurrent, timeoutMillis, keys);
        List<String> specs = models.isEmpty() ? java.util.Collections.singletonList(null) : models;
        VectorIndex idx = index != null ? IndexCommand.open(index) : null;
        Path indexModel = index != null ? IndexCommand.modelOf(index) : null;
        EmbeddingServer server = new EmbeddingServer(metrics -> {
            List<ServedModel> served = new java.util.ArrayList<>();
            for (String s : specs) {
                int eq = s == null ? -1 : s.indexOf('=');
                boolean named = eq > 0 && !s.substring(0, eq).contains("/");
                if (s != null && (s.isBlank() || named && s.substring(eq + 1).isBlank())) {
                    throw new InvalidInputException("--model '" + s + "': give a model directory or zoo name"
                            + (named ? " after '='" : ""));
                }
                Path where = s == null ? indexModel : Path.of(named ? s.substring(eq + 1) : s);
                served.add(ServedModel.load(named ? s.substring(0, eq) : null, where, config, metrics));
            }
            return served;
        }, idx, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                if (idx != null) {
                    idx.close();
                }
            } catch (Exception ignored) {
                // shutting down anyway
            } finally {
                stopped.countDown();
            }
        }));
        int bound = server.start();
        spec.commandLine().getErr().printf("serving %s on http://%s:%d (batching %s%s)%n", String.join(", ", server.modelNames()), host, bound,
                noBatching ? "off" : "on", keys.isEmpty() ? "" : ", " + keys.size() + " API key(s) required");
        spec.commandLine().getErr().flush();
        stopped.await();
        return Main.EXIT_OK;
    }
}
