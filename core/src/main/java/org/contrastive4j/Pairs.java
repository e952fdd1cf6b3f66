package org.contrastive4j;

import org.contrastive4j.data.PairRecords;
import org.contrastive4j.data.TextPair;

import java.nio.file.Path;
import java.util.List;

/**
 * Training pairs from a file: JSONL objects or CSV rows with {@code anchor}, {@code positive}
 * and optionally {@code negative} (a hard negative); a malformed record stops the read with its
 * file and line. Pairs can also be built directly: {@code new TextPair(anchor, positive, null, null)}.
 */
public final class Pairs {
    private Pairs() {}

    public static List<TextPair> read(Path file) {
        return PairRecords.readPairs(file);
    }
}
