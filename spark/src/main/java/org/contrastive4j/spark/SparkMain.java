package org.contrastive4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The Spark commands of c4j: {@code c4j spark-embed} and {@code c4j spark-dedup} (the c4j launcher
 * runs them in local mode), or {@code spark-submit --class org.contrastive4j.spark.SparkMain
 * contrastive4j-spark.jar spark-embed ...} on a cluster.
 */
@Command(name = "c4j", mixinStandardHelpOptions = true, description = "contrastive4j on Apache Spark.",
        subcommands = {SparkEmbedCommand.class, SparkDedupCommand.class, SparkLshBenchCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    @Option(names = "--debug", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("spark.master") == null) {
            System.setProperty("log4j2.configurationFile", "c4j-spark-log4j2.properties");
        }
        return Main.execute(new CommandLine(new SparkMain()), args, out, err);
    }

    /** Options every Spark command takes. */
    static final class SessionOptions {
        @Option(names = "--master", description = "Spark master (default: the one spark-submit gives, else local[*]).")
        String master;

        @Option(names = "--partitions", description = "Repartition the input into N partitions (default: as read, "
                + "but at least one per core, so that a small file still uses every core).")
        Integer partitions;

        Dataset<Row> partitioned(Dataset<Row> rows) {
            if (partitions != null) {
                if (partitions < 1) {
                    throw new InvalidInputException("--partitions must be at least 1, got " + partitions);
                }
                return rows.repartition(partitions);
            }
            int cores = rows.sparkSession().sparkContext().defaultParallelism();
            return rows.rdd().getNumPartitions() < cores ? rows.repartition(cores) : rows;
        }

        SparkSession session(String appName) {
            String configured = master != null ? master : System.getProperty("spark.master");
            String chosen = configured != null ? configured : "local[*]";
            SparkSession.Builder builder = SparkSession.builder().appName(appName).master(chosen);
            if (chosen.startsWith("local")) {
                builder.config("spark.ui.enabled", "false");
            }
            return builder.getOrCreate();
        }
    }
}
