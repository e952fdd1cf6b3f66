package org.contrastive4j.audio;

import org.contrastive4j.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Spoken class words: every word of every class, spoken by every voice at every speed and pitch
 * (espeak-ng), as log-mel spectrograms. Clips are split by voice, so the test clips are spoken
 * by voices never heard in training.
 */
public final class SpokenWords {

    /** One spoken word: its class, what was said and how, and its log-mel spectrogram [mels][frames]. */
    public record Clip(int label, String word, SpeechSynthesizer.Voice voice, float[] logMel, int frames) {}

    /** Who speaks and how: voices, speeds (words per minute) and pitches. */
    public record Speakers(List<String> voices, int[] speeds, int[] pitches) {
        public static Speakers defaults() {
            return new Speakers(List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-029", "en-gb-x-gbcwmd"),
                    new int[] {130, 170, 210}, new int[] {35, 50, 65});
        }
    }

    private SpokenWords() {}

    /**
     * @param wordsPerClass the words of each class (its names and synonyms)
     * @param progress told of each finished clip (may be null)
     */
    public static List<Clip> synthesize(List<List<String>> wordsPerClass, Speakers speakers, LogMelSpectrogram mel,
                                        int threads, IntConsumer progress) {
        List<Clip> requests = new ArrayList<>();
        for (int c = 0; c < wordsPerClass.size(); c++) {
            for (String word : wordsPerClass.get(c)) {
                for (String v : speakers.voices()) {
                    for (int speed : speakers.speeds()) {
                        for (int pitch : speakers.pitches()) {
                            requests.add(new Clip(c, word, new SpeechSynthesizer.Voice(v, speed, pitch), null, 0));
                        }
                    }
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Clip>> futures = new ArrayList<>();
            for (Clip r : requests) {
                futures.add(pool.submit(() -> {
                    SpeechSynthesizer.Audio audio = SpeechSynthesizer.speak(r.word(), r.voice());
                    if (audio.sampleRate() != mel.sampleRate()) {
                        throw new InvalidInputException("espeak-ng spoke at " + audio.sampleRate() + " Hz, the spectrogram expects "
                                + mel.sampleRate() + " Hz");
                    }
                    float[] logMel = mel.compute(audio.samples());
                    if (progress != null) {
                        progress.accept(1);
                    }
                    return new Clip(r.label(), r.word(), r.voice(), logMel, logMel.length / mel.mels());
                }));
            }
            List<Clip> out = new ArrayList<>();
            for (Future<Clip> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during speech synthesis", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The clip as a fixed [mels][frames] input: standardised over its own cells, placed at
     * frame {@code offset} on a canvas of its quietest value (cropped when longer than the canvas).
     */
    public static float[] canvas(Clip clip, int mels, int frames, int offset) {
        float[] x = clip.logMel();
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        float min = Float.POSITIVE_INFINITY;
        for (float v : x) {
            var += (v - mean) * (v - mean);
            min = Math.min(min, v);
        }
        double std = Math.sqrt(var / x.length) + 1e-6;
        float[] out = new float[mels * frames];
        Arrays.fill(out, (float) ((min - mean) / std));
        int n = clip.frames();
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < n; t++) {
                int to = t + offset;
                if (to >= 0 && to < frames) {
                    out[m * frames + to] = (float) ((x[m * n + t] - mean) / std);
                }
            }
        }
        return out;
    }

    /** The offset that centres the clip on a canvas of {@code frames} (negative: the clip is cropped at both ends). */
    public static int centred(Clip clip, int frames) {
        return (frames - clip.frames()) / 2;
    }
}
