package org.contrastive4j.decoder;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.ClipModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Captions images with a trained decoder: pixels go straight to a PrefixLM or CoCa captioner,
 * or through the frozen CLIP image tower (kept beside the decoder, in clip/) to a prefix or
 * zero-shot one. Owns what it is given.
 */
public final class ImageCaptioner implements AutoCloseable {
    private final Captioner captioner;
    private final ClipModel clip;

    public ImageCaptioner(Captioner captioner, ClipModel clip) {
        if (captioner.config().kind().usesClip() && clip == null) {
            throw new InvalidInputException("a " + captioner.config().kind().label() + " decoder needs its CLIP model");
        }
        this.captioner = captioner;
        this.clip = clip;
    }

    public Captioner captioner() {
        return captioner;
    }

    /** The image shape {c, h, w} it reads. */
    public int[] imageShape() {
        return clip != null ? clip.config().inputShape() : captioner.config().inputShape();
    }

    /** What the captioner reads for images [n][c*h*w] in [0, 1]: the images, or their CLIP embeddings. */
    public float[][] inputs(float[][] images) {
        return clip != null ? clip.embedImages(images) : images;
    }

    public String[] caption(float[][] images, BeamSearch search) {
        return captioner.caption(inputs(images), search);
    }

    /** Contrastive zero-shot classification is available for CoCa: L2-normalised image and text embeddings. */
    public boolean contrastive() {
        return captioner instanceof CocaCaptioner;
    }

    public float[][] embedImages(float[][] images) {
        return ((CocaCaptioner) captioner).embedImages(images);
    }

    public float[][] embedTexts(List<String> texts) {
        return ((CocaCaptioner) captioner).embedTexts(texts);
    }

    /** Writes the decoder into {@code dir}, and the CLIP model it reads into dir/clip. */
    public void save(Path dir) throws IOException {
        captioner.save(dir);
        if (clip != null) {
            clip.save(dir.resolve("clip"));
        }
    }

    public static ImageCaptioner load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("decoder model directory " + dir + " does not exist");
        }
        Captioner captioner = Captioner.load(dir);
        try {
            return new ImageCaptioner(captioner, captioner.config().kind().usesClip() ? ClipModel.load(dir.resolve("clip")) : null);
        } catch (RuntimeException e) {
            captioner.close();
            throw e;
        }
    }

    @Override
    public void close() {
        captioner.close();
        if (clip != null) {
            clip.close();
        }
    }
}
