package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The options every timed micro-benchmark shares: warm-up runs, timed repeats, seed, TSV output. */
final class BenchRepeats {
    @Option(names = "--warmup", defaultValue = "5", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeats", defaultValue = "21", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tsv", description = "Print tab-separated values (for scripts).")
    boolean tsv;

    void check() {
        if (repeats < 1 || warmup < 0) {
            throw new InvalidInputException("need --repeats >= 1 and --warmup >= 0, got " + repeats + " and " + warmup);
        }
    }

    /** "2 threads, median of 21 after 5 warm-up", for a table's title line. */
    String describe() {
        return String.format(Locale.ROOT, "%s threads, median of %d after %d warm-up",
                System.getProperty("ai.djl.pytorch.num_threads", "default"), repeats, warmup);
    }
}
