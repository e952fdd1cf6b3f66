package org.contrastive4j.encoder;

import org.contrastive4j.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The shape of a BERT-family encoder (Devlin et al. 2019; RoBERTa and XLM-RoBERTa are the same
 * network with positions counted from {@code padTokenId + 1}) and how sentences are pooled. The
 * defaults are all-MiniLM-L6-v2's: 6 layers, 384 wide, 12 heads, 1536 feed-forward, mean pooling
 * over the attention mask, 256-token sequences, L2-normalised.
 *
 * @param modelType Hugging Face's {@code model_type}: {@code bert}, {@code roberta} or {@code xlm-roberta}
 * @param padTokenId the padding id; RoBERTa-style models number positions from {@code padTokenId + 1}
 * @param normalize whether sentence vectors are L2-normalised (sentence-transformers' Normalize module)
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
        int maxSequenceLength,
        String modelType,
        int padTokenId,
        boolean normalize) {

    /** The architectures this encoder runs, as Hugging Face names them. */
    public static final java.util.List<String> MODEL_TYPES = java.util.List.of("bert", "roberta", "xlm-roberta");

    /** How token states become one sentence vector, with sentence-transformers' names for each mode. */
    public enum Pooling {
        MEAN("mean_tokens"), CLS("cls_token"), MAX("max_tokens"), MEAN_SQRT_LEN("mean_sqrt_len_tokens"),
        LAST_TOKEN("lasttoken");

        private final String sentenceTransformersName;

        Pooling(String sentenceTransformersName) {
            this.sentenceTransformersName = sentenceTransformersName;
        }

        /** The key of this mode in sentence-transformers' {@code 1_Pooling/config.json}, without {@code pooling_mode_}. */
        public String sentenceTransformersName() {
            return sentenceTransformersName;
        }

        /** {@code mean}, {@code cls}, {@code max}, {@code mean-sqrt-len}, {@code last-token} (or the upper-case names). */
        public static Pooling parse(String s) {
            String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Pooling p : values()) {
                if (p.name().equals(key) || p.sentenceTransformersName.equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new InvalidInputException("unknown pooling '" + s + "': use one of "
                    + Arrays.stream(values()).map(Pooling::cliName).toList());
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public BertConfig {
        if (!MODEL_TYPES.contains(modelType)) {
            throw new InvalidInputException("model_type '" + modelType + "' is not supported: contrastive4j runs "
                    + String.join(", ", MODEL_TYPES) + " encoders (MiniLM, BGE, E5, GTE are bert; multilingual-e5 and"
                    + " paraphrase-multilingual are xlm-roberta)");
        }
        // Bounds far above any published encoder, checked before anything is allocated from them.
        range("vocab_size", vocabSize, 1, 1 << 24);
        range("hidden_size", hidden, 1, 1 << 16);
        range("num_hidden_layers", layers, 0, 256);
        range("num_attention_heads", heads, 1, 1 << 12);
        range("intermediate_size", intermediate, 1, 1 << 18);
        range("max_position_embeddings", maxPositions, 1, 1 << 20);
        range("type_vocab_size", typeVocabSize, 0, 1 << 16);
        range("pad_token_id", padTokenId, 0, vocabSize - 1);
        if (hidden % heads != 0) {
            throw new InvalidInputException("hidden size " + hidden + " is not a multiple of the " + heads + " attention heads");
        }
        if (!(layerNormEps > 0 && layerNormEps < 1) || !(dropout >= 0 && dropout < 1)) {
            throw new InvalidInputException("layer_norm_eps " + layerNormEps + " must be in (0, 1) and hidden_dropout_prob "
                    + dropout + " in [0, 1)");
        }
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidInputException(key + " " + value + " is outside [" + min + ", " + max + "]");
        }
    }

    public static BertConfig miniLmL6() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.1, Pooling.MEAN, 256, "bert", 0, true);
    }

    public BertConfig withPooling(Pooling p) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, p, maxSequenceLength, modelType, padTokenId, normalize);
    }

    /** The first {@code n} layers only (a smaller, faster encoder, e.g. for tests). */
    public BertConfig withLayers(int n) {
        return new BertConfig(vocabSize, hidden, n, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, pooling, maxSequenceLength, modelType, padTokenId, normalize);
    }

    public BertConfig withDropout(double p) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                p, pooling, maxSequenceLength, modelType, padTokenId, normalize);
    }

    /** Texts truncated to {@code n} tokens (including [CLS] and [SEP]). */
    public BertConfig withMaxSequenceLength(int n) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, pooling, n, modelType, padTokenId, normalize);
    }

    public BertConfig withNormalize(boolean n) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                dropout, pooling, maxSequenceLength, modelType, padTokenId, n);
    }

    public int headSize() {
        return hidden / heads;
    }

    /** The position id of the first token: 0 for BERT, {@code padTokenId + 1} for RoBERTa and XLM-R. */
    public int positionOffset() {
        return "bert".equals(modelType) ? 0 : padTokenId + 1;
    }

    /** The longest sequence the position table allows. */
    public int maxTokens() {
        return maxPositions - positionOffset();
    }
}
