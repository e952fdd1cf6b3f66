package org.contrastive4j.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.loss.ClipLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.tensor.Index;
import org.contrastive4j.tensor.NoGrad;

import java.util.Arrays;
import java.util.List;

/**
 * CoCa (Yu et al. 2022), small. An image encoder (patch embeddings + bidirectional layers) gives
 * image tokens; the text decoder's first half (unimodal: causal self-attention only) reads the
 * caption followed by a CLS token, whose output, projected, is the text embedding; its second
 * half (multimodal) adds cross-attention to the image tokens and predicts the next word. The
 * image embedding is the image tokens' mean, projected (CoCa pools by attention; a mean is the
 * plain choice at this size). The loss is {@code contrastiveWeight x CLIP loss (learned
 * temperature) + captionWeight x captioning loss}; CoCa's defaults are 1 and 2.
 */
final class CocaCaptioner extends Captioner {
    private final ClipLoss contrastive;
    private double lastContrastive = Double.NaN;
    private double lastCaption = Double.NaN;

    CocaCaptioner(DecoderConfig config, CaptionVocabulary vocabulary, long seed) {
        super(config, vocabulary, seed);
        int[] s = config.inputShape();
        int d = config.width();
        TransformerLayers.defineLinear(p, "patch", (long) s[0] * config.patch() * config.patch(), d);
        p.normal("img.pos", config.patches(), d);
        for (int l = 0; l < config.imageLayers(); l++) {
            TransformerLayers.define(p, "img." + l + ".", d, false);
        }
        TransformerLayers.defineLayerNorm(p, "img.ln", d);
        TransformerLayers.defineLinear(p, "img.proj", d, config.jointDim());
        for (int l = 0; l < unimodalLayers(); l++) {
            TransformerLayers.define(p, "uni." + l + ".", d, false);
        }
        TransformerLayers.defineLayerNorm(p, "txt.ln", d);
        TransformerLayers.defineLinear(p, "txt.proj", d, config.jointDim());
        for (int l = 0; l < multimodalLayers(); l++) {
            TransformerLayers.define(p, "multi." + l + ".", d, true);
        }
        TransformerLayers.defineLayerNorm(p, "ln_f", d);
        p.constant("logit_scale", ClipLoss.INITIAL_LOG_SCALE);
        this.contrastive = new ClipLoss(p.get("logit_scale"), Reduction.MEAN);
    }

    private int unimodalLayers() {
        return config.layers() / 2;
    }

    private int multimodalLayers() {
        return config.layers() - unimodalLayers();
    }

    @Override
    protected int decoderPositions() {
        return config.maxTokens() + 1;
    }

    /** Image tokens [B][P][d]: patch embeddings + positions through the image layers. */
    @Override
    public NDArray context(NDArray inputs, boolean training) {
        NDArray x = Patches.embed(p, "patch", inputs, config.patch()).add(p.get("img.pos"));
        return TransformerLayers.layerNorm(p, "img.ln", layers("img.", config.imageLayers(), x, null, null));
    }

    /** The image embedding [B][joint] (not normalised) of image tokens. */
    NDArray imageEmbedding(NDArray imageTokens) {
        return TransformerLayers.linear(p, "img.proj", imageTokens.mean(new int[] {1}));
    }

    private NDArray unimodal(NDArray tokens) {
        NDArray x = embedTokens(tokens, 0);
        NDArray mask = AttentionMask.additive(tokens.getManager(), AttentionMask.causal((int) x.getShape().get(1)));
        return layers("uni.", unimodalLayers(), x, mask, null);
    }

    private NDArray multimodal(NDArray textStates, NDArray imageTokens) {
        NDArray mask = AttentionMask.additive(textStates.getManager(), AttentionMask.causal((int) textStates.getShape().get(1)));
        return vocabularyLogits(layers("multi.", multimodalLayers(), textStates, mask, imageTokens));
    }

    @Override
    public NDArray tokenLogits(NDArray context, NDArray tokens) {
        return multimodal(unimodal(tokens), context);
    }

    /** The text embedding [B][joint] (not normalised): the unimodal output at each row's CLS, projected. */
    NDArray textEmbedding(NDArray unimodalStates, int[] clsPositions) {
        long t = unimodalStates.getShape().get(1);
        long d = unimodalStates.getShape().get(2);
        int[] rows = new int[clsPositions.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.toIntExact(i * t + clsPositions[i]);
        }
        NDArray cls = Index.rows(unimodalStates.reshape(-1, d), rows);
        return TransformerLayers.linear(p, "txt.proj", TransformerLayers.layerNorm(p, "txt.ln", cls));
    }

    @Override
    public NDArray loss(NDArray inputs, List<String> captions) {
        TokenBatch batch = TokenBatch.of(inputs.getManager(), vocabulary, captions, config.maxTokens(), true);
        NDArray imageTokens = context(inputs, true);
        NDArray text = unimodal(batch.inputs());
        NDArray caption = captionLoss(multimodal(text, imageTokens), batch);
        NDArray contrast = contrastive.forward(imageEmbedding(imageTokens), textEmbedding(text, batch.clsPositions()));
        lastCaption = caption.getFloat();
        lastContrastive = contrast.getFloat();
        return contrast.mul((float) config.contrastiveWeight()).add(caption.mul((float) config.captionWeight()));
    }

    /** The two parts of the last training loss and the learned logit scale. */
    java.util.Map<String, Double> lossParts() {
        return java.util.Map.of("contrastive_loss", lastContrastive, "caption_loss", lastCaption, "logit_scale", contrastive.scale());
    }

    /** L2-normalised image embeddings of images [n][c*h*w], in inference mode. */
    float[][] embedImages(float[][] images) {
        float[][] out = new float[images.length][];
        for (int start = 0; start < images.length; start += 256) {
            int b = Math.min(256, images.length - start);
            try (NoGrad noGrad = NoGrad.enter(); NDManager step = p.manager().newSubManager()) {
                NDArray z = imageEmbedding(context(inputArray(step, images, start, b), false)).normalize(2, 1, 1e-12);
                copyRows(z.toFloatArray(), out, start, b);
            }
        }
        return out;
    }

    /** L2-normalised text embeddings (read at CLS after the unimodal layers), in inference mode. */
    float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += 256) {
            int b = Math.min(256, texts.size() - start);
            try (NoGrad noGrad = NoGrad.enter(); NDManager step = p.manager().newSubManager()) {
                TokenBatch batch = TokenBatch.of(step, vocabulary, texts.subList(start, start + b), config.maxTokens(), true);
                NDArray z = textEmbedding(unimodal(batch.inputs()), batch.clsPositions()).normalize(2, 1, 1e-12);
                copyRows(z.toFloatArray(), out, start, b);
            }
        }
        return out;
    }

    private void copyRows(float[] flat, float[][] out, int start, int rows) {
        int d = config.jointDim();
        for (int i = 0; i < rows; i++) {
            out[start + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
    }
}
