package org.contrastive4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.contrastive4j.loss.ClipLoss;
import org.contrastive4j.loss.DinoLoss;
import org.contrastive4j.loss.InfoNceLoss;
import org.contrastive4j.loss.MocoLoss;
import org.contrastive4j.loss.NPairLoss;
import org.contrastive4j.loss.NceLoss;
import org.contrastive4j.loss.NtXentLoss;
import org.contrastive4j.loss.PairMarginLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.loss.SimCseSupervisedLoss;
import org.contrastive4j.loss.SimCseUnsupervisedLoss;
import org.contrastive4j.loss.SupConLoss;
import org.contrastive4j.loss.TripletMarginLoss;
import org.contrastive4j.mining.AllTripletsMiner;
import org.contrastive4j.similarity.Cosine;
import org.contrastive4j.similarity.NegativeL2;
import org.contrastive4j.similarity.NegativeSquaredL2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code c4j loss NAME --input FILE.json}: computes one loss in float64 on the tensors of a JSON
 * file and prints {@code {"loss": ...}}, so users porting from PyTorch can compare numbers.
 */
@Command(name = "loss", description = "Compute a loss in float64 on tensors from a JSON file; prints {\"loss\": value}.",
        subcommands = {
            LossCommand.NtXent.class, LossCommand.SupCon.class, LossCommand.Clip.class, LossCommand.Triplet.class,
            LossCommand.InfoNce.class, LossCommand.Moco.class, LossCommand.SimCseSupervised.class,
            LossCommand.SimCseUnsupervised.class, LossCommand.Dino.class, LossCommand.PairMargin.class,
            LossCommand.NPair.class, LossCommand.Nce.class
        })
final class LossCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The plumbing every probe shares: read the file, compute in a scoped manager, print JSON. */
    abstract static class Probe implements Callable<Integer> {
        @Option(names = "--input", paramLabel = "FILE.json", description = "JSON object of tensors by role.")
        Path input;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** The roles this loss reads. */
        abstract Set<String> roles();

        /** The loss value, or an object with more fields (DINO's new centre). */
        abstract String compute(ProbeInput in);

        @Override
        public Integer call() {
            if (input == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--input=FILE.json'");
            }
            try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println(compute(ProbeInput.read(input, roles(), manager)));
                out.flush();
            }
            return Main.EXIT_OK;
        }

        static String json(NDArray loss) {
            return "{\"loss\": " + number(loss.toType(DataType.FLOAT64, false).getDouble()) + "}";
        }

        /** 17 significant digits: enough to round-trip a double. */
        static String number(double v) {
            return String.format(Locale.ROOT, "%.17g", v);
        }
    }

    @Command(name = "ntxent", description = {"NT-Xent (SimCLR).", "Roles: z1 [N][d], z2 [N][d], tau (default 0.5)."})
    static final class NtXent extends Probe {
        Set<String> roles() { return Set.of("z1", "z2", "tau"); }

        String compute(ProbeInput in) {
            return json(new NtXentLoss(in.scalar("tau", NtXentLoss.DEFAULT_TAU)).forward(in.tensor("z1", 2), in.tensor("z2", 2)));
        }
    }

    @Command(name = "supcon", description = {"Supervised contrastive loss over two views.",
        "Roles: v1 [N][d], v2 [N][d], labels [N], tau (default 0.1)."})
    static final class SupCon extends Probe {
        @Option(names = "--variant", defaultValue = "out", description = "out (log outside the mean, default) or in.")
        SupConLoss.Variant variant;

        Set<String> roles() { return Set.of("v1", "v2", "labels", "tau"); }

        String compute(ProbeInput in) {
            return json(new SupConLoss(in.scalar("tau", SupConLoss.DEFAULT_TAU), variant)
                    .forward(in.tensor("v1", 2), in.tensor("v2", 2), in.labels("labels")));
        }
    }

    @Command(name = "clip", description = {"Symmetric CLIP loss: mean of the image->text and text->image cross-entropies.",
        "Roles: image [N][d], text [N][d], scale (exp(t), default 1/0.07).",
        "--example prints seed 000's worked example instead."})
    static final class Clip extends Probe {
        @Option(names = "--example", description = "Print seed 000's worked example and the two conventions.")
        boolean example;

        Set<String> roles() { return Set.of("image", "text", "scale"); }

        @Override
        public Integer call() {
            if (!example) {
                return super.call();
            }
            try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
                WorkedExample.print(manager, spec.commandLine().getOut());
            }
            return Main.EXIT_OK;
        }

        String compute(ProbeInput in) {
            double scale = in.scalar("scale", 1 / 0.07);
            NDManager m = in.manager();
            return json(new ClipLoss(m).forward(in.tensor("image", 2), in.tensor("text", 2), scale));
        }
    }

    @Command(name = "triplet", description = {"Triplet margin loss max(0, d(a,p) - d(a,n) + margin).",
        "Roles: anchor, positive, negative [N][d], margin (default 0.2)."})
    static final class Triplet extends Probe {
        @Option(names = "--distance", defaultValue = "l2", description = "l2 (default) or squared_l2.")
        Distance distance;

        Set<String> roles() { return Set.of("anchor", "positive", "negative", "margin"); }

        String compute(ProbeInput in) {
            var similarity = distance == Distance.L2 ? new NegativeL2() : new NegativeSquaredL2();
            return json(new TripletMarginLoss(in.scalar("margin", TripletMarginLoss.DEFAULT_MARGIN), similarity,
                    new AllTripletsMiner(), Reduction.MEAN)
                    .forward(in.tensor("anchor", 2), in.tensor("positive", 2), in.tensor("negative", 2)));
        }

        enum Distance { L2, SQUARED_L2 }
    }

    @Command(name = "infonce", description = {"InfoNCE with cosine scores.",
        "Roles: query [N][d], positive [N][d], optional negatives [N][M][d] (per query),",
        "optional queue [K][d] (shared), tau (default 0.07)."})
    static final class InfoNce extends Probe {
        @Option(names = "--in-batch", arity = "1", defaultValue = "true",
                description = "Use the other queries' positives as negatives (default true).")
        boolean inBatch;

        Set<String> roles() { return Set.of("query", "positive", "negatives", "queue", "tau"); }

        String compute(ProbeInput in) {
            return json(new InfoNceLoss(new Cosine(), in.scalar("tau", InfoNceLoss.DEFAULT_TAU), inBatch, Reduction.MEAN)
                    .forward(in.tensor("query", 2), in.tensor("positive", 2), in.optionalTensor("negatives", 3),
                            in.optionalTensor("queue", 2)));
        }
    }

    @Command(name = "moco", description = {"MoCo: query against its key and a queue, cosine / tau.",
        "Roles: query [N][d], key [N][d], queue [K][d], tau (default 0.2)."})
    static final class Moco extends Probe {
        Set<String> roles() { return Set.of("query", "key", "queue", "tau"); }

        String compute(ProbeInput in) {
            return json(new MocoLoss(in.scalar("tau", MocoLoss.TAU_V2), Reduction.MEAN)
                    .forward(in.tensor("query", 2), in.tensor("key", 2), in.tensor("queue", 2)));
        }
    }

    @Command(name = "simcse_sup", description = {"Supervised SimCSE on (anchor, entailment, contradiction).",
        "Roles: z1, z2, z3 [N][d], tau (default 0.05), hard_negative_weight (default 0, added to the own",
        "contradiction's logit)."})
    static final class SimCseSupervised extends Probe {
        Set<String> roles() { return Set.of("z1", "z2", "z3", "tau", "hard_negative_weight"); }

        String compute(ProbeInput in) {
            return json(new SimCseSupervisedLoss(in.scalar("tau", SimCseSupervisedLoss.DEFAULT_TAU),
                    in.scalar("hard_negative_weight", 0), Reduction.MEAN)
                    .forward(in.tensor("z1", 2), in.tensor("z2", 2), in.tensor("z3", 2)));
        }
    }

    @Command(name = "simcse_unsup", description = {"Unsupervised SimCSE: two dropout encodings of the same sentences.",
        "Roles: z1 [N][d] (first encoding), z2 [N][d] (second encoding), tau (default 0.05)."})
    static final class SimCseUnsupervised extends Probe {
        Set<String> roles() { return Set.of("z1", "z2", "tau"); }

        String compute(ProbeInput in) {
            return json(new SimCseUnsupervisedLoss(in.scalar("tau", SimCseUnsupervisedLoss.DEFAULT_TAU), Reduction.MEAN)
                    .forward(in.tensor("z1", 2), in.tensor("z2", 2)));
        }
    }

    @Command(name = "dino", description = {"DINO self-distillation; prints the loss and the new centre.",
        "Roles: student [Vs][N][K] (global views first), teacher [Vt][N][K], center [1][K],",
        "student_temp (default 0.1), teacher_temp (required), center_momentum (default 0.9)."})
    static final class Dino extends Probe {
        Set<String> roles() { return Set.of("student", "teacher", "center", "student_temp", "teacher_temp", "center_momentum"); }

        String compute(ProbeInput in) {
            double teacherTemp = in.scalar("teacher_temp");
            DinoLoss.Result r = new DinoLoss(in.scalar("student_temp", DinoLoss.DEFAULT_STUDENT_TEMP),
                    in.scalar("center_momentum", DinoLoss.DEFAULT_CENTER_MOMENTUM))
                    .forward(in.tensor("student", 3), in.tensor("teacher", 3), in.tensor("center", 2), teacherTemp);
            StringBuilder center = new StringBuilder("[[");
            double[] c = r.newCenter().toDoubleArray();
            for (int i = 0; i < c.length; i++) {
                center.append(i == 0 ? "" : ", ").append(number(c[i]));
            }
            center.append("]]");
            return "{\"loss\": " + number(r.loss().getDouble()) + ", \"new_center\": " + center + "}";
        }
    }

    @Command(name = "pair_margin", description = {"Pair (margin) contrastive loss on Euclidean distances.",
        "Roles: x1 [N][d], x2 [N][d], same [N] (1 same, 0 different), margin (default 1)."})
    static final class PairMargin extends Probe {
        @Option(names = "--variant", defaultValue = "hadsell",
                description = "hadsell: max(0, m - d)^2 (default); squared: max(0, m - d^2) (seed 003).")
        PairMarginLoss.Variant variant;

        Set<String> roles() { return Set.of("x1", "x2", "same", "margin"); }

        String compute(ProbeInput in) {
            return json(new PairMarginLoss(in.scalar("margin", PairMarginLoss.DEFAULT_MARGIN), variant, Reduction.MEAN)
                    .forward(in.tensor("x1", 2), in.tensor("x2", 2), in.flags("same")));
        }
    }

    @Command(name = "npair", description = {"Multi-class N-pair loss, dot-product scores:",
        "mean_i log(1 + sum_j exp(a_i.n_j - a_i.p_i)).",
        "Roles: anchor [N][d], positive [N][d], optional negatives [N][M][d].",
        "Without negatives the in-batch form is used: the other anchors' positives are the negatives."})
    static final class NPair extends Probe {
        Set<String> roles() { return Set.of("anchor", "positive", "negatives"); }

        String compute(ProbeInput in) {
            NDArray negatives = in.optionalTensor("negatives", 3);
            NPairLoss loss = new NPairLoss();
            return json(negatives == null ? loss.forward(in.tensor("anchor", 2), in.tensor("positive", 2))
                    : loss.forward(in.tensor("anchor", 2), in.tensor("positive", 2), negatives));
        }
    }

    @Command(name = "nce", description = {"Binary NCE, dot-product scores:",
        "mean_i [ -log sigmoid(l+_i) - sum_j log(1 - sigmoid(l-_ij)) ],  l = q.k - log(M p_noise(k)).",
        "Roles: query [N][d], positive [N][d], negatives [N][M][d];",
        "optional log_noise_positive [N] and log_noise_negatives [N][M] (log p_noise of each key).",
        "Without them the correction is 0: word2vec's negative sampling."})
    static final class Nce extends Probe {
        Set<String> roles() { return Set.of("query", "positive", "negatives", "log_noise_positive", "log_noise_negatives"); }

        String compute(ProbeInput in) {
            return json(new NceLoss().forward(in.tensor("query", 2), in.tensor("positive", 2), in.tensor("negatives", 3),
                    in.optionalTensor("log_noise_positive", 1), in.optionalTensor("log_noise_negatives", 2)));
        }
    }
}
