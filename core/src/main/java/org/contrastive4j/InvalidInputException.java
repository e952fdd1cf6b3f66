package org.contrastive4j;

/**
 * A user mistake in the data or arguments handed to contrastive4j: a wrong shape, a NaN, a
 * batch too small for an in-batch loss, a malformed file. The message names what is wrong and
 * where, in one line, so the CLI can print it as it is.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
