package org.contrastive4j.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.contrastive4j.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A HuggingFace {@code tokenizer.json} run by DJL's native tokenizers, with [CLS] ... [SEP]
 * added and sequences cut at {@code maxLength} tokens (the last kept token is [SEP] again).
 * Truncation is done here rather than by the tokenizer so it can be counted.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final byte[] json;
    private final int maxLength;
    private final long sepId;
    private static final int CHARS_PER_TOKEN = 64;
    private final AtomicLong truncated = new AtomicLong();

    public TextTokenizer(byte[] tokenizerJson, int maxLength) {
        if (maxLength < 2) {
            throw new InvalidInputException("max sequence length must be at least 2, got " + maxLength);
        }
        this.json = tokenizerJson;
        this.maxLength = maxLength;
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("cannot load the tokenizer: " + e.getMessage(), e);
        }
        long[] probe = tokenizer.encode("a").getIds();
        this.sepId = probe[probe.length - 1];
    }

    /** The tokenizer.json this tokenizer was built from (saved beside fine-tuned weights). */
    public byte[] json() {
        return json.clone();
    }

    public int maxLength() {
        return maxLength;
    }

    /** How many texts have been cut at {@link #maxLength()} so far. */
    public long truncatedCount() {
        return truncated.get();
    }

    /** Token ids with special tokens, at most {@code maxLength} long. */
    public long[] encode(String text) {
        return cut(tokenizer.encode(head(text)).getIds());
    }

    /** {@link #encode} for many texts (the native tokenizer runs them in parallel). */
    public long[][] encodeAll(List<String> texts) {
        Encoding[] encodings = encodings(texts.stream().map(this::head).toList());
        long[][] ids = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = cut(encodings[i].getIds());
        }
        return ids;
    }

    /**
     * {@link #encodeAll} for a server: at most {@code limit} tokens each (no more than
     * {@link #maxLength()}); with {@code truncate} false a longer text is an InvalidInputException
     * naming its index and length instead of being cut
     * ({@link InputTooLongException}).
     */
    public long[][] encodeAll(List<String> texts, int limit, boolean truncate) {
        int most = Math.min(limit, maxLength);
        Encoding[] encodings = encodings(truncate ? texts.stream().map(this::head).toList() : texts);
        long[][] ids = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = encodings[i].getIds();
            if (ids[i].length > most) {
                if (!truncate) {
                    throw new InputTooLongException(i, ids[i].length, most);
                }
                ids[i] = cut(ids[i], most);
            }
        }
        return ids;
    }

    /** One token as TEI's /tokenize reports it: id, text, whether special, and its character span in the input. */
    public record Token(long id, String text, boolean special, int start, int stop) {}

    /** The tokens of {@code text} with special tokens, cut at {@link #maxLength()}. */
    public List<Token> tokens(String text) {
        Encoding e = tokenizer.encode(head(text));
        long[] ids = e.getIds();
        String[] strings = e.getTokens();
        long[] special = e.getSpecialTokenMask();
        ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
        java.util.List<Token> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(ids.length, maxLength); i++) {
            boolean isSpecial = special[i] == 1;
            int start = spans[i] == null || isSpecial ? 0 : spans[i].getStart();
            int stop = spans[i] == null || isSpecial ? 0 : spans[i].getEnd();
            out.add(new Token(ids[i], strings[i], isSpecial, start, stop));
        }
        return out;
    }

    /** The native encodings; one text alone skips the batch call, whose thread pool would wake (and spin) for nothing. */
    private Encoding[] encodings(List<String> texts) {
        return texts.size() == 1 ? new Encoding[] {tokenizer.encode(texts.get(0))} : tokenizer.batchEncode(texts);
    }

    /**
     * The part of a text its first {@link #maxLength()} tokens can come from: no token is shorter
     * than one character, and {@value #CHARS_PER_TOKEN} characters per token leaves room for the
     * whitespace and accents a tokenizer drops, so cutting there changes no kept token while a
     * 100 MB line costs a few kilobytes of tokenizing instead of gigabytes.
     */
    private String head(String text) {
        long most = (long) maxLength * CHARS_PER_TOKEN;
        return text.length() <= most ? text : text.substring(0, Character.isHighSurrogate(text.charAt((int) most - 1))
                ? (int) most - 1 : (int) most);
    }

    private long[] cut(long[] ids) {
        return cut(ids, maxLength);
    }

    private long[] cut(long[] ids, int most) {
        if (ids.length <= most) {
            return ids;
        }
        truncated.incrementAndGet();
        long[] out = java.util.Arrays.copyOf(ids, most);
        out[most - 1] = sepId;
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
