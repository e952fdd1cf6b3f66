package org.contrastive4j.decoder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level vocabulary built from a caption corpus: lower-cased words (hyphenated and
 * apostrophe words kept whole: "t-shirt") and punctuation marks, most frequent first, after
 * four special tokens. Small enough that a few-layer decoder learns it on a 2-core machine.
 */
public final class CaptionVocabulary {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int UNK = 3;
    /** Appended after a caption where a model reads a sentence embedding off its last position (CoCa). */
    public static final int CLS = 4;
    private static final List<String> SPECIAL = List.of("<pad>", "<bos>", "<eos>", "<unk>", "<cls>");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['\\-][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private CaptionVocabulary(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
    }

    /** Every token of the corpus, most frequent first (ties alphabetical), after the special tokens. */
    public static CaptionVocabulary build(Collection<String> corpus) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : corpus) {
            for (String t : tokenize(text)) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<String> sorted = new ArrayList<>(counts.keySet());
        sorted.removeAll(SPECIAL);
        sorted.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        List<String> words = new ArrayList<>(SPECIAL);
        words.addAll(sorted);
        return new CaptionVocabulary(words);
    }

    /** Lower-cased words and punctuation marks: "A T-shirt, please." gives [a, t-shirt, ",", please, "."]. */
    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The ids of a text's tokens; a word outside the vocabulary is {@link #UNK}. */
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(t -> ids.getOrDefault(t, UNK)).toArray();
    }

    /** The text of ids up to the first EOS, special tokens left out, no space before ",.:;!?)" nor after "(". */
    public String decode(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokens) {
            if (id == EOS) {
                break;
            }
            if (id < SPECIAL.size() && id != UNK) {
                continue;
            }
            String w = words.get(id);
            boolean closing = w.length() == 1 && ",.:;!?)".contains(w);
            boolean afterOpening = sb.length() > 0 && sb.charAt(sb.length() - 1) == '(';
            if (sb.length() > 0 && !closing && !afterOpening) {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    public void save(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), words);
    }

    public static CaptionVocabulary load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("missing vocabulary file " + file);
        }
        List<String> words;
        try {
            words = JSON.readValue(file.toFile(), new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the vocabulary " + file + ": " + e.getMessage(), e);
        }
        if (words.size() < SPECIAL.size() || !words.subList(0, SPECIAL.size()).equals(SPECIAL)) {
            throw new InvalidInputException(file + " is not a caption vocabulary: it must start with " + SPECIAL);
        }
        return new CaptionVocabulary(words);
    }
}
