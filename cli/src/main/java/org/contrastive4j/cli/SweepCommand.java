package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.eval.Evaluation;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.method.ImagePretraining;
import org.contrastive4j.report.Charts;
import org.contrastive4j.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code c4j sweep tau}: short runs of one method at several temperatures, a table and a plot. */
@Command(name = "sweep", description = "Sweep a hyper-parameter over short runs (see sweep tau --help).",
        subcommands = {SweepCommand.Tau.class})
final class SweepCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "tau", description = "Temperature sweep (seed 001: a small tau focuses on the hardest negatives, which may be "
            + "false negatives; a large one treats all negatives alike). One short run per value into OUT/tau-V, then "
            + "OUT/report.html with kNN and linear-probe accuracy against tau, OUT/sweep.json, and the table on the terminal. "
            + "Default budget: 300 steps per value, 5,000 test images.")
    static final class Tau implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @Option(names = "--method", defaultValue = "simclr", description = "simclr, moco or supcon (default ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--values", split = ",", defaultValue = "0.05,0.1,0.2,0.5,1.0", description = "Temperatures (default ${DEFAULT-VALUE}).")
        double[] values;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!List.of("simclr", "moco", "supcon").contains(method)) {
                throw new InvalidInputException("--method must be simclr, moco or supcon, got " + method);
            }
            for (double v : values) {
                if (!(v > 0)) {
                    throw new InvalidInputException("every --values entry must be a positive temperature, got " + v);
                }
            }
            PrintWriter log = spec.commandLine().getErr();
            Path root = o.out != null ? o.out : Path.of("runs", "sweep-tau-" + method);
            if (o.steps == null) {
                o.steps = 300L;
            }
            if (o.testLimit == null) {
                o.testLimit = 5000;
            }
            Map<Double, Evaluation.Result> results = new LinkedHashMap<>();
            for (double v : values) {
                o.tau = v;
                o.out = root.resolve(String.format(Locale.ROOT, "tau-%s", v));
                log.printf(Locale.ROOT, "%n== %s, tau %s -> %s%n", method, v, o.out);
                log.flush();
                ImagePretraining.Summary s = switch (method) {
                    case "moco" -> TrainCommand.MocoCommand.train(o, 0.999, 65536, 4, log);
                    case "supcon" -> TrainCommand.SupConCommand.train(o, "out", false, log);
                    default -> TrainCommand.SimClrCommand.train(o, false, log);
                };
                results.put(v, s.results().get(s.results().size() - 1));
            }
            double[][] knn = new double[2][values.length];
            double[][] linear = new double[2][values.length];
            List<List<String>> table = new ArrayList<>();
            table.add(List.of("tau", "kNN", "linear probe", "alignment", "uniformity"));
            int i = 0;
            log.printf(Locale.ROOT, "%n%-8s %10s %10s %10s %10s%n", "tau", "kNN", "linear", "align", "uniform");
            for (Map.Entry<Double, Evaluation.Result> e : results.entrySet()) {
                Evaluation.Result r = e.getValue();
                knn[0][i] = e.getKey();
                knn[1][i] = r.knn();
                linear[0][i] = e.getKey();
                linear[1][i] = r.linear();
                i++;
                table.add(List.of(Double.toString(e.getKey()), pct(r.knn()), pct(r.linear()), num(r.alignment()), num(r.uniformity())));
                log.printf(Locale.ROOT, "%-8s %10s %10s %10s %10s%n", e.getKey(), pct(r.knn()), pct(r.linear()), num(r.alignment()),
                        num(r.uniformity()));
            }
            Files.createDirectories(root);
            Charts.line(root.resolve("tau.png"), method + ": accuracy against temperature", "tau", "accuracy",
                    Map.of("kNN", knn, "linear probe", linear));
            HtmlReport html = new HtmlReport("contrastive4j: temperature sweep (" + method + ")")
                    .paragraph(o.steps + " steps per value; representation before the head, " + o.testLimit + " test images.")
                    .table(table)
                    .image("tau.png", "kNN and linear-probe accuracy against tau");
            for (double v : values) {
                String dir = String.format(Locale.ROOT, "tau-%s", v);
                html.link(dir + "/report.html", "the tau " + v + " run's report");
            }
            html.write(root.resolve("report.html"));
            SafeFiles.write(root.resolve("sweep.json"), out -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out,
                    Map.of("method", method, "steps", o.steps, "results", results.values(), "tau", values)));
            log.printf("%nreport: %s%n", root.resolve("report.html"));
            log.flush();
            return Main.EXIT_OK;
        }

        private static String pct(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
        }

        private static String num(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
