package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.contrastive4j.data.BeirDataset;

/** BEIR directories: corpus.jsonl, queries.jsonl and a qrels TSV, each any text. */
class BeirFuzzTest {
    @FuzzTest
    void beir(FuzzedDataProvider in) {
        var corpus = Fuzzing.file("corpus.jsonl", in.consumeBytes(in.consumeInt(0, 4096)));
        var queries = Fuzzing.file("queries.jsonl", in.consumeBytes(in.consumeInt(0, 4096)));
        var qrels = Fuzzing.file("qrels/test.tsv", in.consumeRemainingAsBytes());
        Fuzzing.expectReadOrInvalidInput(() -> BeirDataset.read(corpus, queries, qrels));
    }
}
