package org.contrastive4j.serve;

/**
 * Limits and batching of the HTTP server. Requests beyond the limits get a JSON error: 413 for
 * a body too large, 400 for too many texts or a text too long.
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        int maxTextsPerRequest,
        int maxTextChars,
        boolean batching,
        int maxBatch,
        long batchWindowMillis) {

    public static ServerConfig defaults(int port) {
        return new ServerConfig("127.0.0.1", port, 1 << 20, 256, 10_000, true, 128, 5);
    }
}
