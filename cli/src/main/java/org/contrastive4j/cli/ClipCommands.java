package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.ZeroShotEvaluation;
import org.contrastive4j.method.ClipTraining;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j train clip} and {@code c4j zeroshot}. */
final class ClipCommands {
    private ClipCommands() {}

    @Command(name = "clip", description = {
        "CLIP on Fashion-MNIST (or --images DIR): a ResNet image tower and a MiniLM text tower with linear",
        "projections, trained on captions built from class names, WordNet synonyms and glosses; symmetric",
        "loss with a learned temperature. Evaluates zero-shot accuracy from unseen prompt templates and",
        "retrieval both ways against the model at initialisation. Writes OUT/model, OUT/report.html."})
    static final class TrainClip implements Callable<Integer> {
        @Mixin
        ImageTrainOptions o;

        @Option(names = "--joint-dim", defaultValue = "128", description = "Dimension of the joint space (default ${DEFAULT-VALUE}).")
        int jointDim;

        @Option(names = "--text-tune-layers", defaultValue = "0",
                description = "Top MiniLM layers trained with the rest (0: the text tower is frozen; default ${DEFAULT-VALUE}).")
        int tunedTextLayers;

        @Option(names = "--text-lr", defaultValue = "5e-5",
                description = "Peak learning rate of the tuned MiniLM layers (default ${DEFAULT-VALUE}; --lr drives the rest).")
        double textLr;

        @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
        Path wordnet = WordNet.DEFAULT_DIR;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            train(o, jointDim, tunedTextLayers, textLr, wordnet, spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        static ClipTraining.Summary train(ImageTrainOptions o, int jointDim, int tunedTextLayers, double textLr, Path wordnet,
                                          PrintWriter log)
                throws Exception {
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ImageDataset test = split[1];
            WordNet wn = WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log));
            List<Captions.ClassText> classes = o.images == null ? Captions.fashionMnist(wn) : Captions.forLabels(train.classNames(), wn);
            ViewTransform augment = o.augment(train.height());
            SmallResNet.Config encoder = o.encoder(train.channels());
            TrainerConfig trainer = o.trainer(train);
            int[] shape = {train.channels(), train.height(), train.width()};
            double tau = o.tau(0.07);
            ObjectNode meta = o.meta("clip", train, trainer, encoder, augment)
                    .put("joint_dim", jointDim).put("text_tune_layers", tunedTextLayers).put("initial_tau", tau);
            if (tunedTextLayers > 0) {
                meta.put("text_lr", textLr);
            }
            ClipModel.Config config = new ClipModel.Config(encoder, shape, jointDim, tunedTextLayers);
            try (ClipModel model = ClipModel.create(config, TextModel.miniLm(), o.seed)) {
                org.contrastive4j.tensor.Scoped.copyInto(model.loss().logScale(), new float[] {(float) Math.log(1 / tau)});
                model.setTextLearningRateScale(textLr / o.lr);
                ClipTraining.RunConfig run = new ClipTraining.RunConfig(o.out("clip"), o.batchSize, o.seed, o.workers, o.resume,
                        o.evalEvery, Math.min(2000, test.size()), o.testLimit != null ? Math.min(o.testLimit, test.size()) : test.size(),
                        2000);
                return ClipTraining.run(model, classes, train, test, ViewGenerator.multiCrop(augment.build(), 1, augment.build(), 0),
                        trainer, run, meta, log);
            }
        }
    }

    @Command(name = "zeroshot", description = {
        "Zero-shot classification of images with a CLIP model from 'c4j train clip': each class is the mean",
        "of its prompt embeddings (--templates x class names). Prints accuracy and a per-class table when the",
        "images are labelled (Fashion-MNIST's test set, or a folder of class sub-folders)."})
    static final class ZeroShot implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "CLIP model directory (OUT/model of 'c4j train clip').")
        Path model;

        @picocli.CommandLine.Mixin
        LabelledImages input;

        @Option(names = "--classes", split = ",", description = "Class names, comma-separated (default: the dataset's).")
        List<String> classes;

        @Option(names = "--templates", split = "\\|", description = "Prompt templates separated by |, {} is the class "
                + "(default: the ensemble of " + 8 + " unseen templates).")
        List<String> templates;

        @Option(names = "--limit", description = "Classify the first N images.")
        Integer limit;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (ClipModel m = ClipModel.load(model)) {
                ImageDataset dataset = input.read(m.config().inputShape(), spec.commandLine().getErr());
                if (limit != null) {
                    dataset = dataset.limit(limit);
                }
                List<String> names = classes != null ? classes.stream().map(String::strip).filter(n -> !n.isEmpty()).toList()
                        : dataset.classNames();
                if (names.size() < 2) {
                    throw new InvalidInputException("--classes needs at least two class names, got " + names);
                }
                List<String> ts = templates != null ? templates : Captions.ZERO_SHOT_TEMPLATES;
                for (String t : ts) {
                    if (!t.contains("{}")) {
                        throw new InvalidInputException("template '" + t + "' lacks {} where the class name goes");
                    }
                }
                List<List<String>> prompts = new ArrayList<>();
                for (String name : names) {
                    List<String> p = new ArrayList<>();
                    for (String n : Captions.forLabels(List.of(name), null).get(0).names()) {
                        ts.forEach(t -> p.add(Captions.fill(t, n)));
                    }
                    prompts.add(p);
                }
                float[][] classVectors = ClipTraining.classVectors(m, prompts);
                int[] predicted = ZeroShotEvaluation.classify(m.embedImages(Embeddings.images(dataset, dataset.size())), classVectors);
                boolean labelled = classes == null || names.equals(dataset.classNames());
                out.printf(Locale.ROOT, "%d images, %d classes, %d prompt(s) per class%n", predicted.length, names.size(), prompts.get(0).size());
                int[] counts = new int[names.size()];
                for (int p : predicted) {
                    counts[p]++;
                }
                for (int c = 0; c < names.size(); c++) {
                    out.printf(Locale.ROOT, "  %-16s predicted %5d times%n", names.get(c), counts[c]);
                }
                if (labelled) {
                    double acc = ZeroShotEvaluation.accuracy(predicted, dataset.labels());
                    out.printf(Locale.ROOT, "zero-shot accuracy: %.2f%% (chance %.2f%%)%n", 100 * acc, 100.0 / names.size());
                } else {
                    out.println("(no accuracy: --classes differ from the dataset's labels)");
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }
}
