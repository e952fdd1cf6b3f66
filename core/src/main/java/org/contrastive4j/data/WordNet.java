package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WordNet 3.0's data files ({@code data.noun}, {@code data.verb}, {@code data.adj},
 * {@code data.adv}) as installed by the Debian package {@code wordnet-base}, parsed per
 * wndb(5): {@code offset lex_filenum ss_type w_cnt (word lex_id)* p_cnt (ptr)* [frames] | gloss}.
 * A malformed line is reported with its file and byte offset.
 */
public final class WordNet {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/wordnet");
    private static final String[] FILES = {"data.noun", "data.verb", "data.adj", "data.adv"};

    private final Map<String, Synset> synsets;

    private WordNet(Map<String, Synset> synsets) {
        this.synsets = Collections.unmodifiableMap(synsets);
    }

    /** Reads all four data files in {@code dir}. */
    public static WordNet read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("WordNet not found: no directory " + dir
                    + "; install it with 'apt-get install wordnet-base' (as root)");
        }
        Map<String, Synset> all = new LinkedHashMap<>();
        for (String name : FILES) {
            for (Synset s : readFile(dir.resolve(name))) {
                all.put(s.key(), s);
            }
        }
        return new WordNet(all);
    }

    /** The synsets of one data file, in file order. */
    public static List<Synset> readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("WordNet file " + file + " is missing; reinstall the package 'wordnet-base'");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read WordNet file " + file + ": " + e.getMessage());
        }
        List<Synset> out = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            // License lines start with two spaces; every synset line starts with its own offset.
            if (end > start && bytes[start] != ' ') {
                String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                out.add(parse(line, file, start));
            }
            start = end + 1;
        }
        return out;
    }

    static Synset parse(String line, Path file, long byteOffset) {
        try {
            int bar = line.indexOf(" | ");
            String head = bar >= 0 ? line.substring(0, bar) : line;
            String gloss = bar >= 0 ? line.substring(bar + 3).strip() : "";
            String[] f = head.trim().split(" +");
            int i = 0;
            long offset = Long.parseLong(f[i++]);
            if (offset != byteOffset) {
                throw new IllegalArgumentException("the line's offset " + offset + " differs from its position");
            }
            int lexFile = Integer.parseInt(f[i++]);
            char pos = f[i++].charAt(0);
            int words = Integer.parseInt(f[i++], 16);
            List<String> lemmas = new ArrayList<>(words);
            for (int w = 0; w < words; w++) {
                lemmas.add(f[i++].replaceAll("\\((a|p|ip)\\)$", "").replace('_', ' '));
                i++; // lex_id
            }
            int pointerCount = Integer.parseInt(f[i++]);
            List<Synset.Pointer> pointers = new ArrayList<>(pointerCount);
            for (int p = 0; p < pointerCount; p++) {
                String symbol = f[i++];
                long target = Long.parseLong(f[i++]);
                char targetPos = f[i++].charAt(0);
                i++; // source/target word numbers
                pointers.add(new Synset.Pointer(symbol, targetPos, target));
            }
            return new Synset(pos, offset, lexFile, List.copyOf(lemmas), List.copyOf(pointers), definition(gloss), examples(gloss));
        } catch (RuntimeException e) {
            throw new InvalidInputException("malformed WordNet line in " + file + " at byte offset " + byteOffset + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The gloss up to its first quoted example, without trailing separators. */
    static String definition(String gloss) {
        int quote = gloss.indexOf('"');
        String d = quote >= 0 ? gloss.substring(0, quote) : gloss;
        return d.replaceAll("[;\\s]+$", "").strip();
    }

    /** The quoted usage examples of a gloss. */
    static List<String> examples(String gloss) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = gloss.indexOf('"', from);
            if (open < 0) {
                break;
            }
            int close = gloss.indexOf('"', open + 1);
            if (close < 0) {
                break;
            }
            String example = gloss.substring(open + 1, close).strip();
            if (!example.isEmpty()) {
                out.add(example);
            }
            from = close + 1;
        }
        return List.copyOf(out);
    }

    public Map<String, Synset> synsets() {
        return synsets;
    }

    public Synset get(String key) {
        return synsets.get(key);
    }

    /** The synsets a pointer symbol leads to ({@code "@"} for hypernyms, {@code "~"} for hyponyms). */
    public List<Synset> related(Synset s, String symbol) {
        List<Synset> out = new ArrayList<>();
        for (Synset.Pointer p : s.pointers()) {
            if (p.symbol().equals(symbol) && synsets.containsKey(p.target())) {
                out.add(synsets.get(p.target()));
            }
        }
        return out;
    }

    /**
     * WordNet's path similarity (as NLTK's {@code path_similarity}): 1 / (1 + the shortest path
     * between the two synsets through a common hypernym, instance hypernyms included); 0 when
     * they share no ancestor.
     */
    public double pathSimilarity(Synset a, Synset b) {
        Map<String, Integer> up = ancestors(a);
        int best = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : ancestors(b).entrySet()) {
            Integer d = up.get(e.getKey());
            if (d != null) {
                best = Math.min(best, d + e.getValue());
            }
        }
        return best == Integer.MAX_VALUE ? 0 : 1.0 / (1 + best);
    }

    /** Every hypernym ancestor of {@code s} (itself included) with its shortest distance. */
    private Map<String, Integer> ancestors(Synset s) {
        Map<String, Integer> dist = new java.util.HashMap<>();
        java.util.ArrayDeque<Synset> queue = new java.util.ArrayDeque<>();
        dist.put(s.key(), 0);
        queue.add(s);
        while (!queue.isEmpty()) {
            Synset x = queue.poll();
            int d = dist.get(x.key());
            for (String symbol : new String[] {"@", "@i"}) {
                for (Synset parent : related(x, symbol)) {
                    if (dist.putIfAbsent(parent.key(), d + 1) == null) {
                        queue.add(parent);
                    }
                }
            }
        }
        return dist;
    }
}
