package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.audio.SpokenWords;
import org.contrastive4j.data.Batch;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.loss.ClipLoss;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ImageBind-style binding (Girdhar et al. 2023) of audio to a frozen image space: an audio
 * encoder is trained on (image, spoken word) pairs only, with the symmetric InfoNCE of CLIP and
 * its own learned temperature, against the frozen image tower's embeddings. Text is never seen;
 * audio-text alignment can only emerge through the image space that CLIP aligned with text.
 */
public final class AudioBinding implements Trainer.Objective<AudioBinding.Batch>, Trainable {

    /** B spectrogram inputs [B][1][mels][frames], the frozen embeddings of their paired images [B][d], and classes. */
    public record Batch(long step, float[] audio, float[] images, int[] labels) implements org.contrastive4j.data.Batch {
        @Override
        public int size() {
            return labels.length;
        }
    }

    private final ImageModel audio;
    private final ClipLoss loss;
    private final int mels;
    private final int frames;

    /** Takes ownership of {@code audio}, the encoder of [1][mels][frames] spectrograms into the image space. */
    public AudioBinding(ImageModel audio, int mels, int frames) {
        this.audio = audio;
        this.loss = new ClipLoss(audio.manager());
        this.mels = mels;
        this.frames = frames;
    }

    public ImageModel encoder() {
        return audio;
    }

    public ClipLoss clipLoss() {
        return loss;
    }

    @Override
    public NDArray loss(NDManager step, Batch batch) {
        int b = batch.size();
        NDArray x = step.create(batch.audio(), new Shape(b, 1, mels, frames));
        NDArray images = step.create(batch.images(), new Shape(b, batch.images().length / b));
        return loss.forward(audio.project(x, true), images);
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("logit_scale", loss.scale());
    }

    /** L2-normalised embeddings of clips, centred on the canvas, in inference mode. */
    public float[][] embed(List<SpokenWords.Clip> clips) {
        int d = -1;
        float[][] out = new float[clips.size()][];
        for (int start = 0; start < clips.size(); start += 256) {
            int n = Math.min(256, clips.size() - start);
            float[] x = new float[n * mels * frames];
            for (int i = 0; i < n; i++) {
                SpokenWords.Clip c = clips.get(start + i);
                System.arraycopy(SpokenWords.canvas(c, mels, frames, SpokenWords.centred(c, frames)), 0, x, i * mels * frames, mels * frames);
            }
            try (NDManager step = audio.manager().newSubManager()) {
                NDArray z = audio.project(step.create(x, new Shape(n, 1, mels, frames)), false).normalize(2, 1, 1e-12);
                d = (int) z.getShape().get(1);
                float[] flat = z.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    /**
     * Pairs for each step: each epoch visits the training clips in a seeded permutation; each clip
     * is paired with a random training image of its class and placed at a random frame offset.
     */
    public static final class Pairs {
        private final List<SpokenWords.Clip> clips;
        private final float[][] imageEmbeddings;
        private final int[][] imagesByClass;
        private final int batchSize;
        private final long seed;
        private final int mels;
        private final int frames;

        public Pairs(List<SpokenWords.Clip> clips, float[][] imageEmbeddings, int[] imageLabels, int classes, int batchSize,
                     long seed, int mels, int frames) {
            if (batchSize < 2 || batchSize > clips.size()) {
                throw new InvalidInputException("the batch size must be between 2 and the " + clips.size()
                        + " training clips, got " + batchSize);
            }
            this.clips = clips;
            this.imageEmbeddings = imageEmbeddings;
            List<List<Integer>> byClass = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                byClass.add(new ArrayList<>());
            }
            for (int i = 0; i < imageLabels.length; i++) {
                byClass.get(imageLabels[i]).add(i);
            }
            this.imagesByClass = byClass.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            for (SpokenWords.Clip c : clips) {
                if (imagesByClass[c.label()].length == 0) {
                    throw new InvalidInputException("no training image of class " + c.label() + " to pair the word '" + c.word() + "' with");
                }
            }
            this.batchSize = batchSize;
            this.seed = seed;
            this.mels = mels;
            this.frames = frames;
        }

        public int stepsPerEpoch() {
            return clips.size() / batchSize;
        }

        public Batch make(long step) {
            long epoch = step / stepsPerEpoch();
            int offset = (int) (step % stepsPerEpoch()) * batchSize;
            int[] order = Permutations.of(clips.size(), Seeds.forEpoch(seed, epoch));
            int d = imageEmbeddings[0].length;
            float[] audio = new float[batchSize * mels * frames];
            float[] images = new float[batchSize * d];
            int[] labels = new int[batchSize];
            for (int b = 0; b < batchSize; b++) {
                int index = order[offset + b];
                SpokenWords.Clip clip = clips.get(index);
                SplittableRandom random = Seeds.forSample(seed, epoch, index);
                int[] candidates = imagesByClass[clip.label()];
                System.arraycopy(imageEmbeddings[candidates[random.nextInt(candidates.length)]], 0, images, b * d, d);
                int slack = frames - clip.frames();
                int shift = slack >= 0 ? random.nextInt(slack + 1) : -random.nextInt(-slack + 1);
                System.arraycopy(SpokenWords.canvas(clip, mels, frames, shift), 0, audio, b * mels * frames, mels * frames);
                labels[b] = clip.label();
            }
            return new Batch(step, audio, images, labels);
        }
    }

    @Override
    public NDManager manager() {
        return audio.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        List<NDArray> list = new ArrayList<>(audio.trainableArrays());
        list.add(loss.logScale());
        return list;
    }

    @Override
    public List<Boolean> decayMask() {
        List<Boolean> list = new ArrayList<>(audio.decayMask());
        list.add(false);
        return list;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        audio.save(out);
        out.write(new NDList(loss.logScale()).encode());
    }

    @Override
    public void load(DataInputStream in, String source) {
        audio.load(in, source);
        try (NDManager scratch = audio.manager().newSubManager()) {
            NDList saved = NDList.decode(scratch, in);
            org.contrastive4j.tensor.Scoped.copyInto(loss.logScale(), saved.get(0).toType(DataType.FLOAT32, false).toFloatArray());
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot read the learned temperature from " + source + ": " + e.getMessage(), e);
        }
    }
}
