package org.contrastive4j;

/**
 * A user mistake in the data or arguments handed to contrastive4j: a wrong shape, a NaN, a
 * batch too small for an in-batch loss, a malformed file. The message names what is wrong and
 * where, in one line, so the CLI can print it as it is. A wrong argument carries the name of its
 * parameter ({@link #parameter()}), which the CLI turns into its flag.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String problem;

    public InvalidInputException(String message) {
        this(message, (Throwable) null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.parameter = null;
        this.problem = message;
    }

    private InvalidInputException(String parameter, String problem, boolean named) {
        super(parameter + " " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    /** A bad value of the parameter {@code name}: "learningRate must be > 0, got -1". */
    public static InvalidInputException parameter(String name, String problem) {
        return new InvalidInputException(name, problem, true);
    }

    /** The library's name of the parameter at fault, or null when the fault is in the data. */
    public String parameter() {
        return parameter;
    }

    /** The message without the parameter's name ("must be > 0, got -1"). */
    public String problem() {
        return problem;
    }
}
