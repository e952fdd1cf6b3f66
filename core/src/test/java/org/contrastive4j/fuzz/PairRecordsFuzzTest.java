package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.data.PairRecords;
import org.contrastive4j.data.TextRecords;

/** Pair, triple, n-tuple and scored-pair files in JSONL, CSV and TSV, and the text files c4j embeds, any bytes (invalid UTF-8 included). */
class PairRecordsFuzzTest {
    private static final String[] NAMES = {"pairs.jsonl", "pairs.csv", "pairs.tsv", "pairs.txt"};

    @FuzzTest
    void records(FuzzedDataProvider in) {
        String name = in.pickValue(NAMES);
        String field = in.consumeBoolean() ? "text" : in.consumeString(8);
        var f = Fuzzing.file(name, in.consumeRemainingAsBytes());
        Fuzzing.expectReadOrInvalidInput(() -> PairRecords.readPairs(f));
        Fuzzing.expectReadOrInvalidInput(() -> PairRecords.readScored(f));
        Fuzzing.expectReadOrInvalidInput(() -> TextRecords.read(f, field));
    }
}
