package org.contrastive4j;

/** Training produced a NaN or infinite loss; the message says at which step and what was kept. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
