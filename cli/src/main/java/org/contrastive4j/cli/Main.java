package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.Interruption;
import org.contrastive4j.RunInterruptedException;
import org.contrastive4j.TrainingDivergedException;
import org.contrastive4j.precision.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code c4j} command line. Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted
 * (143 after SIGTERM). A user mistake
 * is one line on stderr; the stack trace only with {@code --debug}.
 */
@Command(name = "c4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Contrastive representation learning on the JVM.",
        subcommands = {TrainCommand.class, SweepCommand.class, EmbedCommand.class, EvalCommand.class, IndexCommand.class, SearchCommand.class, DedupCommand.class, ClassifyCommand.class, MineCommand.class, ClipCommands.ZeroShot.class, DecoderCommands.Caption.class, ServeCommand.class, ModelsCommand.class, ExportCommand.class, LossCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** 128 + SIGINT, as a shell reports a command stopped by Ctrl-C. */
    public static final int EXIT_INTERRUPTED = 130;
    private static final int STOP_WAIT_SECONDS = 300;

    static {
        DjlDefaults.configure();
    }

    @Option(names = "--debug", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--precision", scope = CommandLine.ScopeType.INHERIT, paramLabel = "fp32|bf16|auto", defaultValue = "fp32",
            converter = PrecisionConverter.class, description = {"Encoders' matrix products and convolutions: fp32, bf16 (on the CPU's bfloat16 units;",
                "norms, softmax, losses, weights and optimizer state stay float32) or auto (bf16 where the CPU has bf16 units).",
                "Default ${DEFAULT-VALUE}."})
    void precision(Precision precision) {
        Precision.setProcessDefault(Precision.available(precision, line -> {
            System.err.println("c4j: " + line);
            System.err.flush();
        }));
    }

    /** --precision's values, a usage error naming the three otherwise. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value, "--precision");
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not fp32, bf16 or auto");
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(finished), "c4j-stop"));
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        finished.countDown();
        System.exit(code);
    }

    /**
     * Ctrl-C or SIGTERM: long work stops at its next step or batch (training first writes a
     * checkpoint) and the JVM exits only then, not while libtorch is running, which would crash it.
     */
    private static void stopOnSignal(CountDownLatch finished) {
        if (finished.getCount() == 0) {
            return; // an ordinary exit
        }
        Interruption.request();
        System.err.println("c4j: stopping; work under way ends its current step or batch first ...");
        System.err.flush();
        try {
            if (!finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("c4j: the work did not stop within " + STOP_WAIT_SECONDS + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CommandLine(new Main()), args, out, err);
    }

    /**
     * Runs any command tree (the Spark module's too) with the c4j conventions: usage errors and
     * {@link InvalidInputException}s are one line on stderr, stack traces only with --debug.
     */
    public static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        addHelpOptions(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            err.println(qualifiedName(cmd) + ": " + e.getMessage() + " (see " + qualifiedName(cmd) + " --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (debug) {
                e.printStackTrace(err);
            }
            String fileProblem = fileProblem(e);
            InvalidInputException invalid = firstCause(e, InvalidInputException.class);
            RunInterruptedException interrupted = firstCause(e, RunInterruptedException.class);
            TrainingDivergedException diverged = firstCause(e, TrainingDivergedException.class);
            if (invalid != null) {
                err.println(qualifiedName(cmd) + ": error: " + FlagNames.message(invalid));
            } else if (interrupted != null) {
                err.println(qualifiedName(cmd) + ": " + FlagNames.translate(interrupted.getMessage()));
                err.flush();
                return EXIT_INTERRUPTED;
            } else if (diverged != null) {
                err.println(qualifiedName(cmd) + ": error: " + FlagNames.translate(diverged.getMessage()));
            } else if (fileProblem != null) {
                err.println(qualifiedName(cmd) + ": error: " + fileProblem);
            } else {
                // First line only: some exceptions (Spark's job failures) carry a whole stack trace in their message.
                err.println(qualifiedName(cmd) + ": internal error: " + e.toString().lines().findFirst().orElse("")
                        + (debug ? "" : " (run again with --debug for the stack trace)"));
            }
            err.flush();
            return EXIT_FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The outermost exception of {@code type} in {@code e}'s cause chain, or null. */
    private static <T extends Throwable> T firstCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * A file system failure (a full disk, a read-only or vanished directory) as one line: the
     * outermost message that names what was being written, then the system's reason. Null when
     * no I/O error is in the chain.
     */
    static String fileProblem(Throwable e) {
        String context = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.UncheckedIOException && context == null) {
                context = t.getMessage();
            }
            if (t instanceof java.io.IOException io) {
                String reason = io instanceof java.nio.file.FileSystemException fs
                        ? (fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason()) + " (" + fs.getFile() + ")"
                        : io.getMessage();
                if (context == null || context.equals(io.toString())) {
                    return "cannot write or read a file: " + reason;
                }
                return context + ": " + reason;
            }
        }
        return null;
    }

    /** {@code --help} and {@code --version} on every subcommand, without repeating them in each annotation. */
    private static void addHelpOptions(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            addHelpOptions(sub);
        }
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"contrastive4j " + (v == null ? "dev" : v)};
        }
    }
}
