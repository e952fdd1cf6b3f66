package org.contrastive4j.serve;

import java.util.List;

/**
 * Limits, batching and access of the HTTP server. Requests beyond the limits get a JSON error:
 * 413 for a body, a list or a text too large, 429 (with Retry-After) when
 * {@code maxConcurrentRequests} are already waiting, 503 past {@code requestTimeoutMillis},
 * 401 without one of {@code apiKeys} (when there are any).
 *
 * @param batchWindowMillis how long a batch waits for more requests once it has one; 0 takes
 *                          only what is already queued, so a lone client never waits
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        int maxTextsPerRequest,
        int maxTextChars,
        boolean batching,
        int maxBatch,
        long batchWindowMillis,
        int maxConcurrentRequests,
        long requestTimeoutMillis,
        List<String> apiKeys) {

    public ServerConfig {
        apiKeys = List.copyOf(apiKeys);
    }

    public static ServerConfig defaults(int port) {
        return new ServerConfig("127.0.0.1", port, 1 << 20, 256, 10_000, true, 128, 0, 512, 30_000, List.of());
    }

    public ServerConfig withApiKeys(List<String> keys) {
        return new ServerConfig(host, port, maxBodyBytes, maxTextsPerRequest, maxTextChars, batching, maxBatch, batchWindowMillis,
                maxConcurrentRequests, requestTimeoutMillis, keys);
    }

    public ServerConfig withLimits(int concurrentRequests, long timeoutMillis) {
        return new ServerConfig(host, port, maxBodyBytes, maxTextsPerRequest, maxTextChars, batching, maxBatch, batchWindowMillis,
                concurrentRequests, timeoutMillis, apiKeys);
    }
}
