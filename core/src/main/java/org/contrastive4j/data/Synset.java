package org.contrastive4j.data;

import java.util.List;

/**
 * One WordNet synset: its lemmas (underscores turned into spaces, adjective markers removed),
 * its pointers to other synsets, its definition and its quoted usage examples.
 *
 * @param pos n, v, a, s (satellite adjective) or r
 * @param offset the byte offset of its line in its data file, WordNet's identifier
 */
public record Synset(char pos, long offset, int lexFile, List<String> lemmas, List<Pointer> pointers,
                     String definition, List<String> examples) {

    /** A relation to another synset ({@code @} hypernym, {@code ~} hyponym, {@code !} antonym, ...). */
    public record Pointer(String symbol, char pos, long offset) {
        public String target() {
            return key(pos, offset);
        }
    }

    /** A key unique across the four data files: the part of speech (satellites as adjectives) and the offset. */
    public static String key(char pos, long offset) {
        return (pos == 's' ? 'a' : pos) + ":" + offset;
    }

    public String key() {
        return key(pos, offset);
    }
}
