package org.contrastive4j.audio;

import org.contrastive4j.InvalidInputException;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Speech from the {@code espeak-ng} program (Debian package espeak-ng): a text spoken by one
 * voice at one speed and pitch, as mono samples in [-1, 1]. espeak-ng is deterministic, so the
 * same request always gives the same samples.
 */
public final class SpeechSynthesizer {
    public static final String PROGRAM = "espeak-ng";

    /** An espeak-ng voice ({@code espeak-ng --voices=en}), speed in words per minute, pitch 0-99. */
    public record Voice(String name, int speed, int pitch) {
        @Override
        public String toString() {
            return name + "@" + speed + "wpm/p" + pitch;
        }
    }

    /** Samples and their rate. */
    public record Audio(float[] samples, int sampleRate) {}

    private SpeechSynthesizer() {}

    public static Audio speak(String text, Voice voice) {
        Path wav = null;
        try {
            wav = Files.createTempFile("c4j-speech", ".wav");
            Process p = new ProcessBuilder(List.of(PROGRAM, "-v", voice.name(), "-s", Integer.toString(voice.speed()),
                    "-p", Integer.toString(voice.pitch()), "-w", wav.toString(), text))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || Files.size(wav) == 0) {
                throw new InvalidInputException(PROGRAM + " failed for voice " + voice + " and text '" + text + "': " + output.strip());
            }
            return read(wav);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new InvalidInputException(PROGRAM + " is not installed: the audio modality speaks its words with it; "
                        + "install it with 'apt-get install espeak-ng' (as root)");
            }
            throw new InvalidInputException("speech synthesis failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + PROGRAM, e);
        } finally {
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** A 16-bit PCM WAV file as mono samples in [-1, 1] (channels are averaged). */
    public static Audio read(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new InvalidInputException(wav + ": only 16-bit signed PCM WAV is read, this file is " + f);
            }
            byte[] bytes = in.readAllBytes();
            int channels = f.getChannels();
            int frames = bytes.length / (2 * channels);
            float[] samples = new float[frames];
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    int at = 2 * (i * channels + c);
                    int lo = bytes[at + (f.isBigEndian() ? 1 : 0)] & 0xff;
                    int hi = bytes[at + (f.isBigEndian() ? 0 : 1)];
                    sum += (short) ((hi << 8) | lo) / 32768f;
                }
                samples[i] = sum / channels;
            }
            return new Audio(samples, Math.round(f.getSampleRate()));
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new InvalidInputException("cannot read WAV file " + wav + ": " + e.getMessage(), e);
        }
    }
}
