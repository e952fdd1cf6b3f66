package org.contrastive4j;

/**
 * A process-wide request to stop long work at its next safe point: before a training step (the
 * trainer first writes a checkpoint of the steps done) and between inference batches. The
 * command line raises it on Ctrl-C or SIGTERM and lets the JVM exit only once the work has
 * stopped, because a JVM that exits while a thread is inside libtorch crashes in libtorch's
 * static destructors. Code that never raises it is unaffected.
 */
public final class Interruption {
    private static volatile boolean requested;

    private Interruption() {}

    public static void request() {
        requested = true;
    }

    public static boolean requested() {
        return requested;
    }

    /** Withdraws the request (a host that has handled it, or a test). */
    public static void withdraw() {
        requested = false;
    }

    /** Throws a {@link RunInterruptedException} saying that {@code what} was interrupted, when a stop was requested. */
    public static void check(String what) {
        if (requested) {
            throw new RunInterruptedException("interrupted while " + what);
        }
    }
}
