package org.contrastive4j.cli;

import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.audio.LogMelSpectrogram;
import org.contrastive4j.audio.SpokenWords;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.method.AudioBinding;
import org.contrastive4j.method.BindingTraining;
import org.contrastive4j.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code c4j train bind --modality audio}: ImageBind-style binding of spoken words to a trained CLIP's image space. */
@Command(name = "bind", description = {
    "Bind a new modality to the image space of a CLIP model from 'c4j train clip' (ImageBind-style).",
    "Audio: every class word and WordNet synonym spoken by espeak-ng voices at several speeds and pitches,",
    "as log-mel spectrograms; a ResNet audio encoder learns from (image, spoken word) pairs only, against the",
    "frozen image tower. Measures the emergent audio->text zero-shot accuracy on unheard voices."})
final class BindCommand implements Callable<Integer> {
    @Option(names = "--modality", defaultValue = "audio", description = "The modality to bind (audio).")
    String modality;

    @Option(names = "--clip", defaultValue = "runs/clip/model", description = "CLIP model directory (default ${DEFAULT-VALUE}).")
    Path clip;

    @Option(names = "--out", defaultValue = "runs/bind", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data", description = "Fashion-MNIST directory (default /usr/share/datasets/fashion-mnist).")
    Path data = FashionMnist.DEFAULT_DIR;

    @Option(names = "--wordnet", description = "WordNet directory (default /usr/share/wordnet).")
    Path wordnet = WordNet.DEFAULT_DIR;

    @Option(names = "--voices", split = ",", description = "espeak-ng voices (default: seven English voices).")
    List<String> voices;

    @Option(names = "--test-voices", split = ",", defaultValue = "en-029,en-gb-x-gbcwmd",
            description = "Voices held out for testing (default ${DEFAULT-VALUE}).")
    List<String> testVoices;

    @Option(names = "--speeds", split = ",", description = "Speeds in words per minute (default 130,170,210).")
    int[] speeds;

    @Option(names = "--pitches", split = ",", description = "Pitches 0-99 (default 35,50,65).")
    int[] pitches;

    @Option(names = "--frames", defaultValue = "64", description = "Spectrogram frames of 20 ms the encoder sees (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--limit", description = "Pair with the first N training images only.")
    Integer limit;

    @Option(names = "--steps", defaultValue = "600", description = "Training steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "128", description = "Pairs per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate, AdamW (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--widths", split = ",", defaultValue = "16,32,64", description = "Audio ResNet stage widths (default ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--stem", defaultValue = "16", description = "Audio ResNet stem width (default ${DEFAULT-VALUE}).")
    int stem;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "2", description = "espeak-ng processes at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--eval-every", defaultValue = "50", description = "Steps between points of the emergent-accuracy curve (0: off).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--no-progress", description = "No progress bar (metrics still go to metrics.jsonl).")
    boolean noProgress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        run(spec.commandLine().getErr());
        return Main.EXIT_OK;
    }

    BindingTraining.Summary run(PrintWriter log) throws Exception {
        if (!"audio".equals(modality)) {
            throw new InvalidInputException("--modality " + modality + " is not supported; the bound modality is 'audio'");
        }
        if (steps < 1 || batchSize < 2 || frames < 8) {
            throw new InvalidInputException("need --steps >= 1, --batch-size >= 2 and --frames >= 8");
        }
        SpokenWords.Speakers defaults = SpokenWords.Speakers.defaults();
        SpokenWords.Speakers speakers = new SpokenWords.Speakers(voices != null ? voices : defaults.voices(),
                speeds != null ? speeds : defaults.speeds(), pitches != null ? pitches : defaults.pitches());
        if (!speakers.voices().containsAll(testVoices) || speakers.voices().size() <= testVoices.size()) {
            throw new InvalidInputException("--test-voices " + testVoices + " must be some, not all, of the voices " + speakers.voices());
        }
        try (ClipModel clipModel = ClipModel.load(clip)) {
            Path dir = SystemPackage.FASHION_MNIST.ensure(data, log);
            SystemPackage.ESPEAK_NG.ensure(SystemPackage.ESPEAK_NG.location(), log);
            ImageDataset train = FashionMnist.train(dir);
            ImageDataset test = FashionMnist.test(dir);
            if (limit != null) {
                train = train.limit(limit);
            }
            List<Captions.ClassText> classes = Captions.fashionMnist(WordNet.read(SystemPackage.WORDNET.ensure(wordnet, log)));
            List<List<String>> words = classes.stream().map(Captions.ClassText::nouns).toList();
            LogMelSpectrogram mel = LogMelSpectrogram.speech(22050);
            int total = words.stream().mapToInt(List::size).sum() * speakers.voices().size() * speakers.speeds().length
                    * speakers.pitches().length;
            log.printf("speaking %d clips with espeak-ng (%d words x %d voices x %d speeds x %d pitches) ...%n", total,
                    words.stream().mapToInt(List::size).sum(), speakers.voices().size(), speakers.speeds().length, speakers.pitches().length);
            log.flush();
            List<SpokenWords.Clip> clips;
            try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("speak").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).build()) {
                clips = SpokenWords.synthesize(words, speakers, mel, workers, bar == null ? null : n -> bar.stepBy(n));
            }
            List<SpokenWords.Clip> trainClips = clips.stream().filter(c -> !testVoices.contains(c.voice().name())).toList();
            List<SpokenWords.Clip> testClips = clips.stream().filter(c -> testVoices.contains(c.voice().name())).toList();
            SmallResNet.Config encoder = new SmallResNet.Config(1, stem, widths, 1);
            int joint = clipModel.config().jointDim();
            ImageModel audio = ImageModel.create(encoder, Linear.builder().setUnits(joint).optBias(false).build(),
                    new int[] {1, mel.mels(), frames}, seed);
            AudioBinding binding = new AudioBinding(audio, mel.mels(), frames);
            TrainerConfig trainer = TrainerConfig.defaults(steps).learningRate(lr).warmupSteps(Math.max(1, steps / 20))
                    .weightDecay(weightDecay).checkpointEvery(checkpointEvery).progressBar(!noProgress);
            ObjectNode meta = new ObjectMapper().createObjectNode().put("method", "bind").put("modality", modality)
                    .put("clip", clip.toString()).put("voices", speakers.voices().toString()).put("test_voices", testVoices.toString())
                    .put("speeds", Arrays.toString(speakers.speeds())).put("pitches", Arrays.toString(speakers.pitches()))
                    .put("frames", frames).put("train_images", train.size()).put("steps", steps).put("batch_size", batchSize)
                    .put("lr", lr).put("weight_decay", weightDecay).put("encoder", encoder.toString()).put("seed", seed);
            try (audio) {
                return BindingTraining.run(clipModel, binding, classes.stream().map(Captions::prompts).toList(),
                        train.classNames(), train, test, trainClips, testClips, mel.mels(), frames, trainer,
                        new BindingTraining.RunConfig(out, batchSize, seed, resume, evalEvery), meta, log);
            }
        }
    }
}
