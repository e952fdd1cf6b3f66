package org.contrastive4j.cli;

import org.contrastive4j.bench.EmbedBenchmark;
import org.contrastive4j.bench.IndexBenchmark;
import org.contrastive4j.bench.LossBenchmark;
import org.contrastive4j.bench.StepResult;
import org.contrastive4j.data.Synset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.ModelZoo;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.onnx.OnnxExport;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.precision.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j bench ...}: micro-benchmarks that print a table of medians and ratios against a baseline. */
@Command(name = "bench", description = "Benchmarks that print a table (medians, ratios against a same-process baseline).",
        subcommands = {BenchCommand.NtXent.class, BenchCommand.Embed.class, BenchCommand.Index.class, BenchCommand.SimClrStep.class,
            BenchCommand.GradCacheMemory.class, BenchCommand.ResidentMemory.class, BenchCommand.MiniLmStep.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One timed training step as a table row (or TSV): median, rate, spread, FLOPs, and the share of the GEMM peak. */
    static void printStep(PrintWriter out, BenchRepeats repeats, String title, int batch, String rateLabel, StepResult r) {
        if (repeats.tsv) {
            out.println("batch\tstep_ms\tspread\tstep_gflop\tpeak_gflops");
            out.printf(Locale.ROOT, "%d\t%.3f\t%.3f\t%.4f\t%.2f%n", batch, r.step().medianMs(), r.step().spread(), r.stepGflop(),
                    r.peakGflops());
        } else {
            out.printf(Locale.ROOT, "%s, %s%n", title, repeats.describe());
            out.printf(Locale.ROOT, "%10s %12s %10s %12s %14s %14s%n", "step ms", rateLabel, "spread", "step GFLOP",
                    "GEMM GFLOP/s", "share of peak");
            out.printf(Locale.ROOT, "%10.2f %12.1f %9.0f%% %12.3f %14.1f %13.1f%%%n", r.step().medianMs(), r.perSecond(batch),
                    100 * r.step().spread(), r.stepGflop(), r.peakGflops(), 100 * r.shareOfPeak());
        }
        out.flush();
    }

    @Command(name = "ntxent", aliases = "loss",
            description = "NT-Xent or InfoNCE forward+backward (float32) vs. the GEMMs it cannot avoid.")
    static final class NtXent implements Callable<Integer> {
        @Option(names = "--loss", split = ",", defaultValue = "ntxent",
                description = "ntxent, infonce, or both comma-separated (default ${DEFAULT-VALUE}).")
        List<String> losses;

        @Option(names = "--n", split = ",", defaultValue = "256,1024", description = "Batch sizes N (default 256,1024).")
        List<Integer> sizes;

        @Option(names = "--d", defaultValue = "128", description = "Embedding width d (default 128).")
        int d;

        @Mixin
        BenchRepeats repeats;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            repeats.check();
            PrintWriter out = spec.commandLine().getOut();
            if (repeats.tsv) {
                out.println("loss\tn\td\tloss_ms\tgemm_ms\tspread");
            } else {
                out.printf(Locale.ROOT, "loss forward+backward, float32, d = %d, %s%n", d, repeats.describe());
                out.printf(Locale.ROOT, "%-8s %6s %12s %14s %14s %12s %8s%n",
                        "loss", "N", "loss ms", "3 GEMMs ms", "loss / GEMMs", "GEMM GFLOP/s", "spread");
            }
            List<LossBenchmark.Kind> kinds = losses.stream().map(LossBenchmark.Kind::parse).toList();
            for (LossBenchmark.Kind kind : kinds) {
                for (int n : sizes) {
                    if (n < 2) {
                        throw new org.contrastive4j.InvalidInputException("--n must be at least 2 (in-batch losses), got " + n);
                    }
                    LossBenchmark.Row r = LossBenchmark.run(kind, n, d, repeats.warmup, repeats.repeats, repeats.seed);
                    if (repeats.tsv) {
                        out.printf(Locale.ROOT, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f%n", kind.label(), n, d, r.loss().medianMs(),
                                r.gemmFloor().medianMs(), r.loss().spread());
                    } else {
                        out.printf(Locale.ROOT, "%-8s %6d %12.2f %14.2f %14.2f %12.1f %7.0f%%%n", kind.label(), n,
                                r.loss().medianMs(), r.gemmFloor().medianMs(), r.ratio(),
                                r.gemmGflops() / (r.gemmFloor().medianMs() / 1e3), 100 * r.loss().spread());
                    }
                    out.flush();
                }
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "embed", description = {"Text embedding throughput: c4j (DJL) vs ONNX Runtime (langchain4j's OnnxEmbeddingModel) on",
        "WordNet noun glosses, on the model's own ONNX file and on the one c4j export writes; agreement with c4j."})
    static final class Embed implements Callable<Integer> {
        @Option(names = "--model", defaultValue = "all-MiniLM-L6-v2", description = "A zoo model (c4j models list; default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--texts", defaultValue = "10000", description = "How many glosses (default ${DEFAULT-VALUE}).")
        int texts;

        @Option(names = "--batch-size", defaultValue = "64", description = "Texts per batch (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--rounds", defaultValue = "3", description = "Interleaved timed rounds; the median is reported (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--precisions", split = ",", defaultValue = "fp32,bf16",
                description = "c4j's formats, the first the reference for the others (default ${DEFAULT-VALUE}; bf16 only where the CPU has bf16 units).")
        List<String> precisions;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            List<Precision> formats = precisions.stream().map(p -> Precision.parse(p, "--precisions"))
                    .map(p -> Precision.available(p, line -> err.println("c4j: " + line))).distinct().toList();
            ModelZoo.Entry entry = ModelZoo.require(model);
            List<String> glosses = WordNet.readFile(SystemPackage.WORDNET.ensure(WordNet.DEFAULT_DIR, err).resolve("data.noun")).stream()
                    .map(Synset::definition).filter(s -> !s.isBlank()).limit(texts).toList();
            Path scratch = Files.createTempDirectory("c4j-bench-embed");
            try (TextModel m = TextModel.load(ModelZoo.local(entry, System.err))) {
                List<EmbedBenchmark.OnnxFile> files = new ArrayList<>();
                files.add(new EmbedBenchmark.OnnxFile("ONNX Runtime 1.20, " + entry.name() + "'s ONNX file (langchain4j)",
                        ModelZoo.extractOnnx(entry, scratch, System.err)));
                Path exported = scratch.resolve("exported.onnx");
                Files.write(exported, OnnxExport.export(m));
                files.add(new EmbedBenchmark.OnnxFile("ONNX Runtime 1.20, the file c4j export wrote", exported));
                Path tokenizer = scratch.resolve("tokenizer.json");
                Files.write(tokenizer, m.tokenizer().json());
                EmbedBenchmark.Result r = EmbedBenchmark.run(m, tokenizer, files, glosses, batchSize, rounds, formats);
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%s on %d WordNet noun glosses, %s threads, median of %d interleaved rounds%n", entry.name(),
                        r.texts(), System.getProperty("ai.djl.pytorch.num_threads", "default"), rounds);
                out.printf(Locale.ROOT, "%-56s %9s %7s %8s %12s %10s%n", "", "texts/s", "spread", "x ORT", "min cosine", "max |diff|");
                for (int i = 0; i < r.rows().size(); i++) {
                    EmbedBenchmark.Row row = r.rows().get(i);
                    out.printf(Locale.ROOT, "%-56s %9.1f %6.0f%% %8.2f %12.7f %10.1e%n", row.name(), row.textsPerSecond(),
                            100 * row.spread(), r.overOnnxRuntime(i), row.minCosine(), row.maxAbsDiff());
                }
                out.printf("x ORT: throughput over ONNX Runtime's on the model's own file; cosine and |diff| against c4j %s%n",
                        formats.get(0));
                out.flush();
            } finally {
                SafeFiles.deleteTree(scratch);
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "index", description = "HNSW recall@k vs exact search, size and latency, float32 vs int8, on WordNet noun glosses.")
    static final class Index implements Callable<Integer> {
        @Option(names = "--texts", defaultValue = "10000", description = "Glosses indexed (default ${DEFAULT-VALUE}).")
        int texts;

        @Option(names = "--queries", defaultValue = "500", description = "Queries searched (default ${DEFAULT-VALUE}).")
        int queries;

        @Option(names = "-k", defaultValue = "10", description = "Neighbours per query, for recall@k (default ${DEFAULT-VALUE}).")
        int k;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> glosses = WordNet.readFile(SystemPackage.WORDNET.ensure(WordNet.DEFAULT_DIR, spec.commandLine().getErr()).resolve("data.noun")).stream()
                    .map(Synset::definition).filter(s -> !s.isBlank()).limit(texts).toList();
            float[][] vectors;
            try (TextModel model = TextModel.miniLm()) {
                vectors = model.embedAll(glosses, 64, null);
            }
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("c4j-bench-index");
            List<IndexBenchmark.Row> rows = IndexBenchmark.run(vectors, queries, k, work);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%d WordNet noun glosses (all-MiniLM-L6-v2, 384-d), %d queries, recall@%d vs exact cosine%n",
                    vectors.length, queries, k);
            out.printf(Locale.ROOT, "%-10s %10s %12s %12s%n", "vectors", "recall", "index MB", "ms/query");
            for (IndexBenchmark.Row r : rows) {
                out.printf(Locale.ROOT, "%-10s %10.4f %12.2f %12.3f%n", r.quantization().name().toLowerCase(Locale.ROOT),
                        r.recall(), r.bytes() / 1e6, r.millisPerQuery());
            }
            out.flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "simclr-step", description = {"One SimCLR training step (stages 16/32/64, AdamW) on Fashion-MNIST views made",
        "beforehand, through the real trainer; and its share of this engine's float32 GEMM peak."})
    static final class SimClrStep implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "256", description = "Images per step, 2x as many views (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--batches", defaultValue = "4", description = "Distinct view batches cycled through (default ${DEFAULT-VALUE}).")
        int batches;

        @Mixin
        BenchRepeats repeats;

        @Option(names = "--data", description = "Fashion-MNIST directory.")
        java.nio.file.Path data = org.contrastive4j.data.FashionMnist.DEFAULT_DIR;

        @Option(names = "--dump-views", description = "Write the views as .npy for the PyTorch twin (bench/simclr_step_torch.py).")
        java.nio.file.Path dumpViews;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (batch < 2 || batches < 1) {
                throw new org.contrastive4j.InvalidInputException("need --batch >= 2 and --batches >= 1");
            }
            repeats.check();
            StepResult r = org.contrastive4j.bench.TrainStepBenchmark.simclr(org.contrastive4j.data.FashionMnist.train(SystemPackage.FASHION_MNIST.ensure(data, spec.commandLine().getErr()))
                    .limit(batch * batches), batch, batches, repeats.warmup, repeats.repeats, repeats.seed, dumpViews);
            printStep(spec.commandLine().getOut(), repeats, "SimCLR step, batch " + batch + " (x2 views)", batch, "images/s", r);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "minilm-step", description = {"One MiniLM retriever training step through the real trainer (WordNet pairs cut or",
        "padded to exactly --tokens, in-batch negatives, AdamW, dropout 0.1); and its share of the float32 GEMM peak."})
    static final class MiniLmStep implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "64", description = "Pairs per step, 2x as many texts (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--tokens", defaultValue = "32", description = "Tokens per text (default ${DEFAULT-VALUE}).")
        int tokens;

        @Mixin
        BenchRepeats repeats;

        @Option(names = "--dump-tokens", description = "Write the token ids (and FILE.mask.npy) for the PyTorch twin (bench/minilm_step_torch.py).")
        java.nio.file.Path dumpTokens;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            repeats.check();
            SystemPackage.WORDNET.ensure(org.contrastive4j.data.WordNet.DEFAULT_DIR, spec.commandLine().getErr());
            StepResult r = org.contrastive4j.bench.MiniLmStepBenchmark.run(batch, tokens, repeats.warmup, repeats.repeats,
                    repeats.seed, dumpTokens);
            printStep(spec.commandLine().getOut(), repeats, "MiniLM retriever step, " + batch + " pairs x " + tokens + " tokens",
                    batch, "pairs/s", r);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "rss", description = {"Resident memory (VmRSS) over a long run through the real trainer: SimCLR (stages 16/32/64,",
        "AdamW, view batches made beforehand and cycled) or the MiniLM retriever (WordNet pairs, new shapes every step):",
        "a TSV, a plot, and the slope over the run's second half."})
    static final class ResidentMemory implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "10000", description = "Training steps (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--every", defaultValue = "100", description = "Steps between samples (default ${DEFAULT-VALUE}).")
        int every;

        @Option(names = "--method", defaultValue = "simclr", description = "simclr or retriever (default ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--batch", defaultValue = "32", description = "Images (SimCLR, 2x as many views) or pairs (retriever) per step (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--max-tokens", defaultValue = "32", description = "Retriever: texts cut to this many tokens (default ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--batches", defaultValue = "4", description = "Distinct view batches cycled through (default ${DEFAULT-VALUE}).")
        int batches;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--data", description = "Fashion-MNIST directory.")
        java.nio.file.Path data = org.contrastive4j.data.FashionMnist.DEFAULT_DIR;

        @Option(names = "--out", defaultValue = "runs/bench-rss", description = "Writes rss.tsv and rss.png here (default ${DEFAULT-VALUE}).")
        java.nio.file.Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (batch < 2 || batches < 1 || steps < 2 || every < 1 || every > steps) {
                throw new org.contrastive4j.InvalidInputException("need --batch >= 2, --batches >= 1, --steps >= 2, 1 <= --every <= --steps");
            }
            boolean retriever = switch (method) {
                case "simclr" -> false;
                case "retriever" -> true;
                default -> throw new org.contrastive4j.InvalidInputException("--method must be simclr or retriever, got '" + method + "'");
            };
            if (retriever && maxTokens < 3) {
                throw new org.contrastive4j.InvalidInputException("need --max-tokens >= 3, got " + maxTokens);
            }
            java.nio.file.Files.createDirectories(out);
            List<double[]> rows;
            PrintWriter err = spec.commandLine().getErr();
            long started = System.nanoTime();
            java.util.function.Consumer<double[]> progress = r -> {
                double seconds = (System.nanoTime() - started) / 1e9;
                err.printf(Locale.ROOT, "step %d/%d: RSS %.1f MiB, %.2f steps/s, ETA %.0f s%n", (long) r[0], steps, r[1],
                        r[0] / seconds, (steps - r[0]) * seconds / r[0]);
                err.flush();
            };
            if (retriever) {
                SystemPackage.WORDNET.ensure(org.contrastive4j.data.WordNet.DEFAULT_DIR, err);
                rows = org.contrastive4j.bench.MiniLmStepBenchmark.residentMemory(batch, maxTokens, steps, every, seed, progress);
            } else {
                rows = org.contrastive4j.bench.TrainStepBenchmark.residentMemory(
                        org.contrastive4j.data.FashionMnist.train(SystemPackage.FASHION_MNIST.ensure(data, err)).limit(batch * batches), batch, batches, steps, every, seed, progress);
            }
            String what = retriever ? "MiniLM retriever" : "SimCLR";
            StringBuilder tsv = new StringBuilder("step\trss_mib\n");
            rows.forEach(r -> tsv.append(String.format(Locale.ROOT, "%d\t%.1f%n", (long) r[0], r[1])));
            java.nio.file.Files.writeString(out.resolve("rss.tsv"), tsv);
            List<double[]> secondHalf = rows.stream().filter(r -> r[0] >= steps / 2.0).toList();
            double slope = org.contrastive4j.bench.TrainStepBenchmark.slope(secondHalf) * 1000;
            double[][] series = {rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray()};
            org.contrastive4j.report.Charts.line(out.resolve("rss.png"), String.format(Locale.ROOT,
                    "RSS over %d %s steps, batch %d: %+.2f MiB / 1000 steps", steps, what, batch, slope),
                    "step", "VmRSS MiB", java.util.Map.of("RSS", series));
            PrintWriter o = spec.commandLine().getOut();
            double max = rows.stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
            o.printf(Locale.ROOT, "steps %d, batch %d: RSS %.0f MiB after step %d, %.0f MiB at the end, max %.0f MiB; "
                            + "slope over steps %d-%d: %.2f MiB per 1000 steps%n", steps, batch, rows.get(1)[1], (long) rows.get(1)[0],
                    rows.get(rows.size() - 1)[1], max, steps / 2, steps, slope);
            o.printf("wrote %s and %s%n", out.resolve("rss.tsv"), out.resolve("rss.png"));
            o.flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "gradcache", description = {"Peak memory and time of one retriever step (MiniLM, WordNet pairs, in-batch negatives)",
        "with GradCache (--chunk N) or without (--chunk 0). Run each setting in its own process: bench/gradcache_memory.sh."})
    static final class GradCacheMemory implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "1024", description = "Pairs per step (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--chunk", defaultValue = "64", description = "GradCache chunk; 0 = no caching (default ${DEFAULT-VALUE}).")
        int chunk;

        @Option(names = "--steps", defaultValue = "2", description = "Measured steps after one warm-up (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--max-tokens", defaultValue = "32", description = "Texts truncated to this many tokens (default ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--tsv", description = "Print tab-separated values (for scripts).")
        boolean tsv;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SystemPackage.WORDNET.ensure(org.contrastive4j.data.WordNet.DEFAULT_DIR, spec.commandLine().getErr());
            org.contrastive4j.bench.GradCacheBenchmark.Result r = org.contrastive4j.bench.GradCacheBenchmark.run(batch, chunk, maxTokens, steps, seed);
            if (tsv) {
                out.println("batch\tchunk\tstep_s\tresident_mib\tpeak_above_mib\tloss");
                out.printf(Locale.ROOT, "%d\t%d\t%.3f\t%.1f\t%.1f\t%.6f%n", r.batch(), r.chunk(), r.stepSeconds(), r.residentMiB(),
                        r.peakAboveMiB(), r.loss());
            } else {
                out.printf(Locale.ROOT, "retriever step, batch %d, %d tokens, %s, median of %d: %.2f s; resident %.0f MiB, step peak +%.0f MiB; loss %.6f%n",
                        r.batch(), maxTokens, r.chunk() == 0 ? "no GradCache" : "GradCache chunk " + r.chunk(), steps, r.stepSeconds(), r.residentMiB(),
                        r.peakAboveMiB(), r.loss());
            }
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
