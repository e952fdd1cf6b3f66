package org.contrastive4j.method;

import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.audio.LogMelSpectrogram;
import org.contrastive4j.audio.SpeechSynthesizer;
import org.contrastive4j.audio.SpokenWords;
import org.contrastive4j.data.CaptionSampler;
import org.contrastive4j.data.Captions;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.encoder.ClipModel;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audio modality: espeak-ng speech, log-mel spectrograms, and binding to a CLIP image
 * space on a slice, after which spoken words are classified through text prompts they never met.
 */
class BindingTest {
    private static final int[] SHAPE = {1, 28, 28};
    private static final ImageDataset TRAIN = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(4096);
    private static final List<Captions.ClassText> CLASSES = Captions.fashionMnist(WordNet.read(WordNet.DEFAULT_DIR));

    @TempDir
    Path dir;

    @Test
    void aPureToneLandsInTheMelBandOfItsFrequency() {
        int rate = 22050;
        float[] tone = new float[rate / 2];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        LogMelSpectrogram mel = LogMelSpectrogram.speech(rate);
        float[] s = mel.compute(tone);
        int frames = s.length / mel.mels();
        assertEquals(1 + (tone.length - 1024 + 440) / 441, frames);
        int best = 0;
        for (int m = 1; m < mel.mels(); m++) {
            if (s[m * frames + frames / 2] > s[best * frames + frames / 2]) {
                best = m;
            }
        }
        // The band whose centre is nearest 1 kHz on the HTK mel scale (40 bands over 0-8 kHz).
        double step = LogMelSpectrogram.hzToMel(8000) / 41;
        int expected = (int) Math.round(LogMelSpectrogram.hzToMel(1000) / step) - 1;
        assertTrue(Math.abs(best - expected) <= 1, "1 kHz peaks in band " + best + ", expected about " + expected);
        assertEquals(1000, LogMelSpectrogram.melToHz(LogMelSpectrogram.hzToMel(1000)), 1e-9);
    }

    @Test
    void espeakSpeaksTheSameSamplesTwice() {
        SpeechSynthesizer.Voice voice = new SpeechSynthesizer.Voice("en-us", 170, 50);
        SpeechSynthesizer.Audio a = SpeechSynthesizer.speak("sneaker", voice);
        assertEquals(22050, a.sampleRate());
        assertTrue(a.samples().length > 22050 / 4, "a word lasts more than a quarter second");
        assertTrue(java.util.Arrays.equals(a.samples(), SpeechSynthesizer.speak("sneaker", voice).samples()));
    }

    @Test
    void boundAudioIsClassifiedThroughTextItNeverMet() throws IOException {
        List<List<String>> prompts = CLASSES.stream().map(Captions::prompts).toList();
        try (ClipModel clip = ClipModel.create(new ClipModel.Config(new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1), SHAPE, 64, 0),
                TextModel.miniLm(), 0)) {
            trainClip(clip, 60);
            LogMelSpectrogram mel = LogMelSpectrogram.speech(22050);
            SpokenWords.Speakers speakers = new SpokenWords.Speakers(List.of("en-us", "en-gb", "en-gb-x-rp", "en-029"),
                    new int[] {150, 190}, new int[] {40, 60});
            List<SpokenWords.Clip> clips = SpokenWords.synthesize(CLASSES.stream().map(Captions.ClassText::nouns).toList(),
                    speakers, mel, 2, null);
            List<SpokenWords.Clip> train = clips.stream().filter(c -> !c.voice().name().equals("en-029")).toList();
            List<SpokenWords.Clip> test = clips.stream().filter(c -> c.voice().name().equals("en-029")).toList();
            int frames = 64;
            ImageModel audio = ImageModel.create(new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1),
                    Linear.builder().setUnits(64).optBias(false).build(), new int[] {1, mel.mels(), frames}, 0);
            try (audio) {
                AudioBinding binding = new AudioBinding(audio, mel.mels(), frames);
                float[][] classVectors = ClipTraining.classVectors(clip, prompts);
                double[] before = {
                    BindingTraining.accuracy(binding, train, BindingTraining.labels(train), classVectors),
                    BindingTraining.accuracy(binding, test, BindingTraining.labels(test), classVectors)};
                float[][] images = clip.embedImages(Embeddings.images(TRAIN, TRAIN.size()));
                AudioBinding.Pairs pairs = new AudioBinding.Pairs(train, images, TRAIN.labels(), 10, 64, 0, mel.mels(), frames);
                TrainerConfig tc = TrainerConfig.defaults(200).learningRate(3e-3).warmupSteps(10).weightDecay(1e-4)
                        .checkpointEvery(100000).progressBar(false);
                long[] next = {0};
                try (MetricsLog metrics = new MetricsLog(dir.resolve("bind.jsonl"), 0)) {
                    new Trainer<AudioBinding.Batch>(binding, tc, dir.resolve("bind"), new ObjectMapper().createObjectNode())
                            .run(() -> pairs.make(next[0]++), binding, 0, metrics, null);
                }
                double[] after = {
                    BindingTraining.accuracy(binding, train, BindingTraining.labels(train), classVectors),
                    BindingTraining.accuracy(binding, test, BindingTraining.labels(test), classVectors)};
                String msg = String.format("audio->text: training voices %.3f -> %.3f, unheard voice %.3f -> %.3f",
                        before[0], after[0], before[1], after[1]);
                System.out.println(msg);
                assertTrue(after[0] > before[0] + 0.3 && after[0] > 0.4, msg);
                // 96 clips of the unheard voice: 0.18 is 18 right, 2.9 standard deviations above chance (10%).
                assertTrue(after[1] > before[1] + 0.08 && after[1] > 0.18, msg);
            }
        }
    }

    private void trainClip(ClipModel model, long steps) throws IOException {
        TrainerConfig tc = TrainerConfig.defaults(steps).warmupSteps(steps / 10).checkpointEvery(100000).progressBar(false);
        Clip objective = new Clip(model, new CaptionSampler(CLASSES.stream().map(Captions::training).toList(), 0), 0);
        ViewTransform augment = ViewTransform.simclr(28);
        try (ViewBatches batches = new ViewBatches(TRAIN, ViewGenerator.multiCrop(augment.build(), 1, augment.build(), 0), 128, 0, 0, 2);
             MetricsLog metrics = new MetricsLog(dir.resolve("clip.jsonl"), 0)) {
            new Trainer<ViewBatch>(model, tc, dir.resolve("clip"), new ObjectMapper().createObjectNode())
                    .run(batches::next, objective, 0, metrics, null);
        }
    }
}
