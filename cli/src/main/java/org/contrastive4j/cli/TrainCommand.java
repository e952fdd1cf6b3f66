package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.ImagePretraining;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.method.MoCo;
import org.contrastive4j.method.SupCon;
import org.contrastive4j.method.Dino;
import org.contrastive4j.method.CrossEntropyClassifier;
import org.contrastive4j.loss.MocoLoss;
import org.contrastive4j.loss.SupConLoss;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code c4j train METHOD}: self-supervised pre-training runs with the papers' defaults. */
@Command(name = "train", description = "Train a representation (see each method's --help).",
        subcommands = {TrainCommand.SimClrCommand.class, TrainCommand.MocoCommand.class,
            TrainCommand.SupConCommand.class, TrainCommand.DinoCommand.class, TextTrainCommands.SimCseCommand.class,
            TextTrainCommands.SupervisedSimCseCommand.class, TextTrainCommands.RetrieverCommand.class,
            Word2VecCommand.class, ClipCommands.TrainClip.class, BindCommand.class,
            DecoderCommands.TrainDecoder.class})
final class TrainCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "simclr", description = {
        "SimCLR on Fashion-MNIST (or --images DIR): two augmented views, ResNet encoder, MLP head, NT-Xent.",
        "Writes OUT/report.html, OUT/metrics.jsonl, OUT/results.json and checkpoints; evaluates the",
        "representation before the head against raw pixels and the encoder at initialisation.",
        "The defaults (stages 16/32/64/256, crops >= 0.5, 4 epochs) take about 8 minutes on 2 cores."})
    static final class SimClrCommand implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @picocli.CommandLine.Option(names = "--mask-false-negatives",
                description = "Take views of the anchor's class out of its denominator (labelled data only).")
        boolean maskFalseNegatives;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            train(o, maskFalseNegatives, spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        static ImagePretraining.Summary train(ImageTrainOptions o, boolean maskFalseNegatives, PrintWriter log) throws Exception {
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ImageDataset test = split[1];
            SimClr.Config recipe = SimClr.Config.defaults(train.channels(), train.height());
            ViewTransform augment = o.augment(train.height(), recipe.augment().cropMinScale());
            SmallResNet.Config encoder = o.encoder(train.channels(), recipe.encoder().widths());
            SimClr.Config config = new SimClr.Config(encoder, encoder.outputSize(), o.headDim, o.tau(SimClr.Config.DEFAULT_TAU), augment);
            TrainerConfig trainer = o.trainer(train, SimClr.DEFAULT_EPOCHS);
            int[] shape = {train.channels(), train.height(), train.width()};
            ObjectNode meta = o.meta("simclr", train, trainer, encoder, augment)
                    .put("tau", config.tau()).put("head", config.headHidden() + "-" + o.headDim);
            if (maskFalseNegatives) {
                meta.put("mask_false_negatives", true);
            }
            try (ImageModel model = SimClr.newModel(config, shape, o.seed)) {
                SimClr method = new SimClr(model, config, maskFalseNegatives);
                return ImagePretraining.run(maskFalseNegatives ? "SimCLR (false negatives masked)" : "SimCLR", model, model, method,
                        method.views(), () -> SimClr.newModel(config, shape, o.seed), train, test, trainer, o.run("simclr", train, test),
                        meta, log);
            }
        }
    }

    @Command(name = "moco", description = {
        "MoCo v2 on Fashion-MNIST (or --images DIR): query encoder + EMA key encoder (no gradient), FIFO queue",
        "of past keys, MLP head, InfoNCE at tau 0.2; shuffle-BN done as seeded split-BN on the key batch.",
        "Same outputs and flags as train simclr."})
    static final class MocoCommand implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @picocli.CommandLine.Option(names = "--momentum", defaultValue = "0.999", description = "Key encoder EMA momentum (default ${DEFAULT-VALUE}).")
        double momentum;

        @picocli.CommandLine.Option(names = "--queue", defaultValue = "65536", description = "Queue size, capped by the training set (default ${DEFAULT-VALUE}).")
        int queue;

        @picocli.CommandLine.Option(names = "--key-bn-groups", defaultValue = "4", description = "Shuffled BN groups for the keys (default ${DEFAULT-VALUE}).")
        int bnGroups;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            train(o, momentum, queue, bnGroups, spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        static ImagePretraining.Summary train(ImageTrainOptions o, double momentum, int queue, int bnGroups, PrintWriter log)
                throws Exception {
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ViewTransform augment = o.augment(train.height());
            SmallResNet.Config encoder = o.encoder(train.channels());
            int queueSize = Math.min(queue, train.size());
            MoCo.Config config = MoCo.defaults().encoder(encoder).headOut(o.headDim).tau(o.tau(MocoLoss.TAU_V2))
                    .momentum(momentum)
                    .queueSize(queueSize).bnGroups(bnGroups).views(augment);
            TrainerConfig trainer = o.trainer(train);
            int[] shape = {train.channels(), train.height(), train.width()};
            ObjectNode meta = o.meta("moco", train, trainer, encoder, augment).put("tau", config.tau()).put("momentum", momentum)
                    .put("queue", queueSize).put("key_bn_groups", bnGroups).put("head", config.headHidden() + "-" + o.headDim);
            try (ImageModel model = ImageModel.create(encoder, config.headHidden(), config.headOut(), shape, o.seed)) {
                MoCo method = new MoCo(model, config, shape, o.seed);
                try {
                    return ImagePretraining.run("MoCo v2", model, method, method, method.views(),
                            () -> ImageModel.create(encoder, config.headHidden(), config.headOut(), shape, o.seed),
                            train, split[1], trainer, o.run("moco", train, split[1]), meta, log);
                } finally {
                    method.closeKeyEncoder();
                }
            }
        }
    }

    @Command(name = "supcon", description = {
        "Supervised contrastive learning (SupCon) on labelled images: two views, every same-class view a positive,",
        "then the linear probe / kNN on the frozen representation. --variant in puts the mean inside the log.",
        "--baseline ce trains the cross-entropy classifier with the same encoder, views and budget instead."})
    static final class SupConCommand implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @picocli.CommandLine.Option(names = "--variant", defaultValue = "out", description = "out (L_out) or in (L_in) (default ${DEFAULT-VALUE}).")
        String variant;

        @picocli.CommandLine.Option(names = "--baseline", description = "ce: train the cross-entropy twin instead.")
        String baseline;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!variant.equals("out") && !variant.equals("in")) {
                throw new InvalidInputException("--variant must be out or in, got " + variant);
            }
            if (baseline != null && !baseline.equals("ce")) {
                throw new InvalidInputException("--baseline must be ce, got " + baseline);
            }
            train(o, variant, baseline != null, spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        static ImagePretraining.Summary train(ImageTrainOptions o, String variant, boolean ce, PrintWriter log) throws Exception {
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ViewTransform augment = o.augment(train.height());
            SmallResNet.Config encoder = o.encoder(train.channels());
            TrainerConfig trainer = o.trainer(train);
            int[] shape = {train.channels(), train.height(), train.width()};
            String name = ce ? "supcon-ce" : "supcon";
            int headOut = ce ? train.classNames().size() : o.headDim;
            double tau = o.tau(SupConLoss.DEFAULT_TAU);
            ObjectNode meta = o.meta(name, train, trainer, encoder, augment).put("head", encoder.outputSize() + "-" + headOut);
            if (!ce) {
                meta.put("tau", tau).put("variant", variant);
            }
            try (ImageModel model = ImageModel.create(encoder, encoder.outputSize(), headOut, shape, o.seed)) {
                var objective = ce ? new CrossEntropyClassifier(model)
                        : new SupCon(model, tau, variant.equals("in") ? SupConLoss.Variant.IN : SupConLoss.Variant.OUT);
                return ImagePretraining.run(ce ? "cross-entropy classifier" : "SupCon", model, model, objective,
                        ViewGenerator.twoViews(augment.build()),
                        () -> ImageModel.create(encoder, encoder.outputSize(), headOut, shape, o.seed),
                        train, split[1], trainer, o.run(name, train, split[1]), meta, log);
            }
        }
    }

    @Command(name = "dino", description = {
        "DINO: student and EMA teacher (0.996 -> 1, cosine), DINO head (3-layer MLP, bottleneck, weight-normalised",
        "prototypes), centring (0.9) and sharpening (teacher 0.04 -> 0.07, student 0.1), multi-crop (2 global",
        "crops for the teacher, local crops for the student). Logs teacher entropy and representation std."})
    static final class DinoCommand implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @picocli.CommandLine.Option(names = "--prototypes", defaultValue = "1024", description = "Head outputs K (default ${DEFAULT-VALUE}).")
        int prototypes;

        @picocli.CommandLine.Option(names = "--local-crops", defaultValue = "4", description = "Local crops per image (default ${DEFAULT-VALUE}).")
        int localCrops;

        @picocli.CommandLine.Option(names = "--momentum", defaultValue = "0.996", description = "Teacher momentum at the start (default ${DEFAULT-VALUE}).")
        double momentum;

        @picocli.CommandLine.Option(names = "--warmup-teacher-temp", defaultValue = "0.04",
                description = "Teacher temperature at the start of its warm-up (default ${DEFAULT-VALUE}).")
        double teacherTempStart;

        @picocli.CommandLine.Option(names = "--teacher-temp", defaultValue = "0.07",
                description = "Teacher temperature after the warm-up, the first 30%% of the steps (default ${DEFAULT-VALUE}).")
        double teacherTempEnd;

        @picocli.CommandLine.Option(names = "--freeze-prototypes", defaultValue = "0",
                description = "Steps at the start during which the prototypes get no gradient (default ${DEFAULT-VALUE}).")
        long freezePrototypeSteps;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter log = spec.commandLine().getErr();
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ViewTransform augment = o.augment(train.height());
            SmallResNet.Config encoder = o.encoder(train.channels());
            TrainerConfig trainer = o.trainer(train);
            Dino.Config config = Dino.defaults().encoder(encoder).views(augment).totalSteps(trainer.steps()).outputs(prototypes)
                    .warmupTeacherTemp(teacherTempStart).teacherTemp(teacherTempEnd).momentumStart(momentum).localCrops(localCrops)
                    .freezePrototypeSteps(freezePrototypeSteps);
            int[] shape = {train.channels(), train.height(), train.width()};
            ObjectNode meta = o.meta("dino", train, trainer, encoder, augment).put("prototypes", prototypes)
                    .put("local_crops", localCrops).put("local_size", config.localSize()).put("momentum", momentum)
                    .put("teacher_temp", teacherTempStart + "->" + teacherTempEnd).put("freeze_prototypes", freezePrototypeSteps);
            try (ImageModel student = Dino.newModel(config, shape, o.seed);
                 ImageModel teacher = Dino.newModel(config, shape, o.seed)) {
                Dino method = new Dino(student, teacher, config);
                ImagePretraining.run("DINO", teacher, method, method, method.views(), () -> Dino.newModel(config, shape, o.seed),
                        train, split[1], trainer, o.run("dino", train, split[1]), meta, log);
            }
            return Main.EXIT_OK;
        }
    }
}
