package org.contrastive4j.serve;

/** A request the server refuses: its HTTP status, a message for the client, and the field at fault (OpenAI's {@code param}). */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String param;

    ApiError(int status, String message) {
        this(status, message, null);
    }

    ApiError(int status, String message, String param) {
        super(message);
        this.status = status;
        this.param = param;
    }
}
