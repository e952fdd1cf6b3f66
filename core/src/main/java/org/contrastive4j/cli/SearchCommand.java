package org.contrastive4j.cli;

import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.index.SearchHit;
import org.contrastive4j.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j search --index DIR "query"}: the top-k texts by cosine. */
@Command(name = "search", description = "Search an index built by 'c4j index build'; prints rank, cosine, id and text.")
final class SearchCommand implements Callable<Integer> {
    @Option(names = "--index", required = true, description = "Index directory.")
    Path index;

    @Option(names = "-k", defaultValue = "10", description = "How many results (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--model", description = "Model directory or zoo name (default: the one the index was built with).")
    Path model;

    @Option(names = "--prompt", description = "Text in front of each input: a prompt name of the model (e5: query, passage), "
            + "literal text, or none (default: the model's query prompt, e.g. e5's query or bge's instruction).")
    String prompt;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "The query text.")
    List<String> query;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text = String.join(" ", query);
        float[] vector;
        try (TextModel m = TextModel.load(model != null ? model : IndexCommand.modelOf(index))) {
            vector = m.embedAll(List.of(text), prompt != null ? prompt : m.prompts().queryName(), 1, null)[0];
        }
        PrintWriter out = spec.commandLine().getOut();
        try (VectorIndex idx = VectorIndex.open(index)) {
            int rank = 1;
            for (SearchHit hit : idx.search(vector, k)) {
                out.printf(Locale.ROOT, "%3d  %.4f  %-20s %s%n", rank++, hit.cosine(), hit.id(), hit.text() == null ? "" : hit.text());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
