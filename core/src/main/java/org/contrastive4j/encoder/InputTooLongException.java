package org.contrastive4j.encoder;

import org.contrastive4j.InvalidInputException;

/** A text with more tokens than are taken, where cutting it was not asked for: which text, its length, the limit. */
public final class InputTooLongException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public InputTooLongException(int index, int tokens, int limit) {
        super("input " + index + " has " + tokens + " tokens; at most " + limit + " are taken (ask for truncation to cut it)");
        this.index = index;
    }

    /** Its place among the texts encoded together. */
    public int index() {
        return index;
    }
}
