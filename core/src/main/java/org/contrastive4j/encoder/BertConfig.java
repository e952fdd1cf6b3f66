package org.contrastive4j.encoder;

/**
 * The shape of a BERT encoder (Devlin et al. 2019) and how sentences are pooled. The defaults
 * are all-MiniLM-L6-v2's: 6 layers, 384 wide, 12 heads, 1536 feed-forward, mean pooling over the
 * attention mask, 256-token sequences.
 */
public record BertConfig(
        int vocabSize,
        int hidden,
        int layers,
        int heads,
        int intermediate,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        double dropout,
        Pooling pooling,
        int maxSequenceLength) {

    /** How token states become one sentence vector (always L2-normalised afterwards). */
    public enum Pooling { MEAN, CLS }

    public static BertConfig miniLmL6() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.1, Pooling.MEAN, 256);
    }

    public BertConfig withPooling(Pooling p) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, p, maxSequenceLength);
    }

    /** The first {@code n} layers only (a smaller, faster encoder, e.g. for tests). */
    public BertConfig withLayers(int n) {
        return new BertConfig(vocabSize, hidden, n, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, pooling, maxSequenceLength);
    }

    public BertConfig withDropout(double p) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                p, pooling, maxSequenceLength);
    }

    /** Texts truncated to {@code n} tokens (including [CLS] and [SEP]). */
    public BertConfig withMaxSequenceLength(int n) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, pooling, n);
    }

    public int headSize() {
        return hidden / heads;
    }
}
