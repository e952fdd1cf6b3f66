package org.contrastive4j.serve;

import java.util.List;

/**
 * Limits, batching and access of the HTTP server. Requests beyond the limits get a JSON error:
 * 413 for a body, a list or a text too large, 429 (with Retry-After) when
 * {@code maxConcurrentRequests} are already waiting, 503 past {@code requestTimeoutMillis},
 * 401 without one of {@code apiKeys} (when there are any).
 *
 * @param maxTextsPerRequest most inputs in one request (TEI's max client batch size)
 * @param maxBatch           most inputs in one batch
 * @param maxBatchTokens     most padded tokens in one batch: its longest input's tokens x its inputs, as TEI counts
 * @param maxInputTokens     most tokens of one input (0: the model's own limit); longer ones are cut only when the request asks
 * @param batchWindowMillis  how long a batch waits for more requests once it has one; 0 takes
 *                           only what is already queued, so a lone client never waits
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        int maxTextsPerRequest,
        int maxTextChars,
        boolean batching,
        int maxBatch,
        long maxBatchTokens,
        int maxInputTokens,
        long batchWindowMillis,
        int maxConcurrentRequests,
        long requestTimeoutMillis,
        List<String> apiKeys) {

    public ServerConfig {
        apiKeys = List.copyOf(apiKeys);
        if (maxBatchTokens < 1 || maxBatch < 1 || maxTextsPerRequest < 1 || maxConcurrentRequests < 1 || maxInputTokens < 0) {
            throw new org.contrastive4j.InvalidInputException("server limits must be positive: max batch " + maxBatch
                    + ", max batch tokens " + maxBatchTokens + ", max client batch size " + maxTextsPerRequest
                    + ", max concurrent requests " + maxConcurrentRequests + ", max input tokens " + maxInputTokens);
        }
    }

    public static ServerConfig defaults(int port) {
        return new ServerConfig("127.0.0.1", port, 1 << 20, 256, 10_000, true, 256, 16_384, 0, 0, 512, 30_000, List.of());
    }

    public ServerConfig withApiKeys(List<String> keys) {
        return new ServerConfig(host, port, maxBodyBytes, maxTextsPerRequest, maxTextChars, batching, maxBatch, maxBatchTokens,
                maxInputTokens, batchWindowMillis, maxConcurrentRequests, requestTimeoutMillis, keys);
    }

    public ServerConfig withLimits(int concurrentRequests, long timeoutMillis) {
        return new ServerConfig(host, port, maxBodyBytes, maxTextsPerRequest, maxTextChars, batching, maxBatch, maxBatchTokens,
                maxInputTokens, batchWindowMillis, concurrentRequests, timeoutMillis, apiKeys);
    }

    public ServerConfig withBatchTokens(long batchTokens, int inputTokens) {
        return new ServerConfig(host, port, maxBodyBytes, maxTextsPerRequest, maxTextChars, batching, maxBatch, batchTokens,
                inputTokens, batchWindowMillis, maxConcurrentRequests, requestTimeoutMillis, apiKeys);
    }
}
