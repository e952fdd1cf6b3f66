package org.contrastive4j.audio;

import org.contrastive4j.InvalidInputException;
import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;

/**
 * Log-mel spectrogram: Hann-windowed frames, power spectrum by FFT (JTransforms), triangular
 * filters equally spaced on the HTK mel scale {@code 2595 log10(1 + f / 700)}, then
 * {@code log(energy + 1e-6)}. Leading and trailing silence is trimmed first (samples below 1%
 * of the peak), so a clip's frames hold the word.
 */
public final class LogMelSpectrogram {
    private final int sampleRate;
    private final int fftSize;
    private final int hop;
    private final int mels;
    private final double[] window;
    private final double[][] filters;
    private final DoubleFFT_1D fft;

    public LogMelSpectrogram(int sampleRate, int fftSize, int hop, int mels, double fMin, double fMax) {
        if (fftSize < 2 || hop < 1 || mels < 1 || fMax <= fMin || fMax > sampleRate / 2.0) {
            throw new InvalidInputException("invalid log-mel settings: FFT " + fftSize + ", hop " + hop + ", mels " + mels
                    + ", " + fMin + "-" + fMax + " Hz at " + sampleRate + " Hz");
        }
        this.sampleRate = sampleRate;
        this.fftSize = fftSize;
        this.hop = hop;
        this.mels = mels;
        this.window = new double[fftSize];
        for (int i = 0; i < fftSize; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize); // periodic Hann, as torch.hann_window
        }
        this.filters = melFilters(sampleRate, fftSize, mels, fMin, fMax);
        this.fft = new DoubleFFT_1D(fftSize);
    }

    /** 40 bands up to 8 kHz, 46 ms windows every 20 ms, for espeak-ng's 22,050 Hz speech. */
    public static LogMelSpectrogram speech(int sampleRate) {
        return new LogMelSpectrogram(sampleRate, 1024, sampleRate / 50, 40, 0, Math.min(8000, sampleRate / 2.0));
    }

    public int mels() {
        return mels;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    public static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Triangular filters [mels][fftSize / 2 + 1] on the power spectrum's bins. */
    static double[][] melFilters(int sampleRate, int fftSize, int mels, double fMin, double fMax) {
        double lo = hzToMel(fMin);
        double hi = hzToMel(fMax);
        double[] edges = new double[mels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (mels + 1));
        }
        int bins = fftSize / 2 + 1;
        double[][] f = new double[mels][bins];
        for (int m = 0; m < mels; m++) {
            for (int k = 0; k < bins; k++) {
                double hz = (double) k * sampleRate / fftSize;
                double up = (hz - edges[m]) / (edges[m + 1] - edges[m]);
                double down = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
                f[m][k] = Math.max(0, Math.min(up, down));
            }
        }
        return f;
    }

    /** The log-mel spectrogram of the trimmed samples, [mels][frames] row-major; frames = result.length / mels. */
    public float[] compute(float[] samples) {
        float[] x = trim(samples);
        int frames = x.length <= fftSize ? 1 : 1 + (x.length - fftSize + hop - 1) / hop;
        float[] out = new float[mels * frames];
        double[] frame = new double[fftSize];
        int bins = fftSize / 2 + 1;
        double[] power = new double[bins];
        for (int t = 0; t < frames; t++) {
            Arrays.fill(frame, 0);
            int start = t * hop;
            for (int i = 0; i < fftSize && start + i < x.length; i++) {
                frame[i] = x[start + i] * window[i];
            }
            fft.realForward(frame);
            // JTransforms' packed layout: a[0] = Re[0], a[1] = Re[n/2], a[2k] = Re[k], a[2k+1] = Im[k].
            power[0] = frame[0] * frame[0];
            power[bins - 1] = frame[1] * frame[1];
            for (int k = 1; k < bins - 1; k++) {
                power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
            }
            for (int m = 0; m < mels; m++) {
                double e = 0;
                for (int k = 0; k < bins; k++) {
                    e += filters[m][k] * power[k];
                }
                out[m * frames + t] = (float) Math.log(e + 1e-6);
            }
        }
        return out;
    }

    /** The samples from the first to the last one above 1% of the peak (all of them if silent). */
    static float[] trim(float[] samples) {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        if (peak == 0) {
            return samples;
        }
        float threshold = 0.01f * peak;
        int first = 0;
        while (Math.abs(samples[first]) < threshold) {
            first++;
        }
        int last = samples.length - 1;
        while (Math.abs(samples[last]) < threshold) {
            last--;
        }
        return Arrays.copyOfRange(samples, first, last + 1);
    }
}
