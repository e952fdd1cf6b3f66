package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.decoder.BeamSearch;
import org.contrastive4j.decoder.CaptionVocabulary;
import org.contrastive4j.decoder.ClassMentions;
import org.contrastive4j.decoder.DecoderConfig;
import org.contrastive4j.decoder.ImageCaptioner;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.method.DecoderTraining;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code c4j train decoder} and {@code c4j caption}. */
final class DecoderCommands {
    private DecoderCommands() {}

    @Command(name = "decoder", description = {
        "Captioning decoders on a joint embedding space (seeds 003, 004), trained on Fashion-MNIST images with",
        "captions from class names, WordNet lemmas and glosses:",
        "  prefix    ClipCap: frozen CLIP image embedding -> mapping MLP -> prefix vectors -> causal decoder",
        "  zeroshot  CapDec: the prefix decoder trained on noisy CLIP text embeddings only, fed images at test",
        "  coca      CoCa: image encoder + unimodal/multimodal text decoder, contrastive + captioning losses",
        "  prefixlm  SimVLM: image patches as a bidirectional prefix, caption generated causally after it",
        "Reports the share of test captions naming the right class, perplexity, beam-search samples per class",
        "(and CoCa's zero-shot accuracy). Images are not augmented.",
        "Writes OUT/model (read by 'c4j caption'), OUT/results.json, OUT/report.html."})
    static final class TrainDecoder implements Callable<Integer> {
        @Mixin
        ImageRunOptions o;

        @Option(names = "--kind", required = true, description = "prefix, zeroshot, coca or prefixlm.")
        String kind;

        @Option(names = "--clip", description = "CLIP model directory (OUT/model of 'c4j train clip'); prefix and zeroshot need it.")
        Path clip;

        @Option(names = "--width", defaultValue = "128", description = "Decoder width (default ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--layers", defaultValue = "2", description = "Decoder layers; CoCa: half unimodal, half multimodal (default ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default ${DEFAULT-VALUE}).")
        int heads;

        @Option(names = "--prefix-tokens", defaultValue = "4", description = "Prefix vectors of the mapping network (prefix, zeroshot; default ${DEFAULT-VALUE}).")
        int prefixTokens;

        @Option(names = "--patch", defaultValue = "7", description = "Patch side in pixels (coca, prefixlm; default ${DEFAULT-VALUE}).")
        int patch;

        @Option(names = "--image-layers", defaultValue = "2", description = "CoCa's image encoder layers (default ${DEFAULT-VALUE}).")
        int imageLayers;

        @Option(names = "--joint-dim", defaultValue = "64", description = "CoCa's contrastive embedding size (default ${DEFAULT-VALUE}).")
        int jointDim;

        @Option(names = "--noise-std", defaultValue = "0.1265",
                description = "Std of the Gaussian noise on text embeddings (zeroshot; default ${DEFAULT-VALUE}, CapDec's variance 0.016).")
        double noiseStd;

        @Option(names = "--contrastive-weight", defaultValue = "1.0", description = "CoCa's contrastive loss weight (default ${DEFAULT-VALUE}).")
        double contrastiveWeight;

        @Option(names = "--caption-weight", defaultValue = "2.0", description = "CoCa's captioning loss weight (default ${DEFAULT-VALUE}).")
        double captionWeight;

        @Option(names = "--max-tokens", description = "Longest caption in tokens, BOS and EOS included (default: the longest training caption's).")
        Integer maxTokens;

        @Option(names = "--beam", defaultValue = "3", description = "Beam width of the sample captions (default ${DEFAULT-VALUE}).")
        int beam;

        @Option(names = "--samples", defaultValue = "3", description = "Sample captions per class in the report (default ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
        Path wordnet = WordNet.DEFAULT_DIR;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            train(spec.commandLine().getErr());
            return Main.EXIT_OK;
        }

        DecoderTraining.Summary train(PrintWriter log) throws Exception {
            DecoderConfig.Kind k = DecoderConfig.Kind.parse(kind);
            if (k.usesClip() && clip == null) {
                throw new InvalidInputException("--kind " + k.label() + " reads a frozen CLIP model: give --clip DIR "
                        + "(OUT/model of 'c4j train clip')");
            }
            if (beam < 1) {
                throw new InvalidInputException("--beam must be at least 1, got " + beam);
            }
            ImageDataset[] split = o.datasets(log);
            ImageDataset train = split[0];
            ImageDataset test = split[1];
            WordNet wn = WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log));
            List<Captions.ClassText> classes = o.images == null ? Captions.fashionMnist(wn) : Captions.forLabels(train.classNames(), wn);
            int longest = classes.stream().flatMap(c -> Captions.training(c).stream())
                    .mapToInt(c -> CaptionVocabulary.tokenize(c).size()).max().orElse(1);
            int tokens = maxTokens != null ? maxTokens : longest + 2;
            TrainerConfig trainer = o.trainer(train);
            ClipModel clipModel = k.usesClip() ? ClipModel.load(clip) : null;
            try {
                int[] inputShape = clipModel != null ? new int[] {clipModel.config().jointDim()}
                        : new int[] {train.channels(), train.height(), train.width()};
                if (clipModel != null && !Arrays.equals(clipModel.config().inputShape(),
                        new int[] {train.channels(), train.height(), train.width()})) {
                    throw new InvalidInputException("the CLIP model in " + clip + " reads images of shape "
                            + Arrays.toString(clipModel.config().inputShape()) + ", the data is " + train.channels() + "x"
                            + train.height() + "x" + train.width());
                }
                DecoderConfig config = new DecoderConfig(k, width, layers, heads, tokens, prefixTokens, inputShape, patch, imageLayers,
                        jointDim, noiseStd, contrastiveWeight, captionWeight);
                ObjectNode meta = new ObjectMapper().createObjectNode();
                meta.put("method", "decoder").put("kind", k.label())
                        .put("data", o.images != null ? o.images.toString() : o.data.toString())
                        .put("clip", k.usesClip() ? clip.toAbsolutePath().toString() : null)
                        .put("train_images", train.size()).put("steps", trainer.steps()).put("batch_size", o.batchSize)
                        .put("lr", o.lr).put("optimizer", o.optimizer.name().toLowerCase(Locale.ROOT))
                        .put("weight_decay", o.weightDecay).put("warmup", trainer.warmupSteps()).put("clip_norm", o.clipNorm)
                        .put("seed", o.seed).put("width", width).put("layers", layers).put("heads", heads).put("max_tokens", tokens);
                switch (k) {
                    case PREFIX -> meta.put("prefix_tokens", prefixTokens);
                    case ZEROSHOT -> meta.put("prefix_tokens", prefixTokens).put("noise_std", noiseStd);
                    case PREFIXLM -> meta.put("patch", patch);
                    case COCA -> meta.put("patch", patch).put("image_layers", imageLayers).put("joint_dim", jointDim)
                            .put("contrastive_weight", contrastiveWeight).put("caption_weight", captionWeight);
                }
                int testLimit = o.testLimit != null ? Math.min(o.testLimit, test.size()) : test.size();
                DecoderTraining.RunConfig run = new DecoderTraining.RunConfig(o.out("decoder-" + k.label()), o.batchSize, o.seed,
                        o.resume, o.evalEvery, Math.min(1000, testLimit), testLimit, beam, samples);
                ClipModel owned = clipModel;
                clipModel = null;
                return DecoderTraining.run(config, owned, classes, train, test, trainer, run, meta, log);
            } finally {
                if (clipModel != null) {
                    clipModel.close();
                }
            }
        }
    }

    @Command(name = "caption", description = {
        "Captions images with a decoder from 'c4j train decoder': Fashion-MNIST's test images (default) or a",
        "folder of class sub-folders. Writes one JSON line per image (index, label, caption) to --out or stdout,",
        "and prints the share of captions that name the right class."})
    static final class Caption implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Decoder model directory (OUT/model of 'c4j train decoder').")
        Path model;

        @picocli.CommandLine.Mixin
        LabelledImages input;

        @Option(names = "--limit", defaultValue = "20", description = "Caption the first N images (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--beam", defaultValue = "3", description = "Beam width; 1 is greedy (default ${DEFAULT-VALUE}).")
        int beam;

        @Option(names = "--length-penalty", defaultValue = "1.0",
                description = "Beam score = log p / length^penalty (default ${DEFAULT-VALUE}).")
        double lengthPenalty;

        @Option(names = "--out", description = "JSONL file to write (default: standard output).")
        Path out;

        @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
        Path wordnet = WordNet.DEFAULT_DIR;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (beam < 1 || limit < 1) {
                throw new InvalidInputException("--beam and --limit must be at least 1");
            }
            PrintWriter log = spec.commandLine().getErr();
            try (ImageCaptioner captioner = ImageCaptioner.load(model)) {
                ImageDataset data = input.read(captioner.imageShape(), log).limit(limit);
                float[][] pixels = Embeddings.images(data, data.size());
                String[] captions = captioner.caption(pixels,
                        new BeamSearch(beam, captioner.captioner().config().maxTokens() - 1, lengthPenalty));
                ObjectMapper json = new ObjectMapper();
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < captions.length; i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("index", i);
                    row.put("label", data.classNames().get(data.labels()[i]));
                    row.put("caption", captions[i]);
                    lines.add(json.writeValueAsString(row));
                }
                if (out != null) {
                    SafeFiles.write(out, stream -> stream.write((String.join("\n", lines) + "\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                } else {
                    lines.forEach(spec.commandLine().getOut()::println);
                    spec.commandLine().getOut().flush();
                }
                WordNet wn = WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log));
                List<Captions.ClassText> classes = input.isFashionMnist() ? Captions.fashionMnist(wn)
                        : Captions.forLabels(data.classNames(), wn);
                log.printf(Locale.ROOT, "%d captions (beam %d); %.2f%% name the image's class%n", captions.length, beam,
                        100 * new ClassMentions(classes).accuracy(captions, data.labels()));
                log.flush();
            }
            return Main.EXIT_OK;
        }
    }
}
