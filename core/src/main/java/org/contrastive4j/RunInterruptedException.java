package org.contrastive4j;

/** Long work stopped at a safe point because a stop was requested ({@link Interruption}); the message says what was kept. */
public class RunInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunInterruptedException(String message) {
        super(message);
    }
}
