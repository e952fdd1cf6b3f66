package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;
import org.contrastive4j.encoder.ImageEncoder;
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

    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "The query text.")
    List<String> query;

    @Option(names = "--image", description = "Search with an image instead of a text (an index of images built with an image encoder).")
    Path image;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VectorIndex.open(index).close(); // a missing index is named before any model is loaded
        Path modelDir = model != null ? model : IndexCommand.modelOf(index);
        float[] vector;
        if (image != null) {
            vector = imageVector(modelDir);
        } else {
            if (query == null || query.isEmpty()) {
                throw new InvalidInputException("give a QUERY text or --image FILE");
            }
            try (TextModel m = TextModel.load(modelDir)) {
                vector = m.embedAll(List.of(String.join(" ", query)), prompt != null ? prompt : m.prompts().queryName(), 1, null)[0];
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (VectorIndex idx = IndexCommand.open(index)) {
            int rank = 1;
            for (SearchHit hit : idx.search(vector, k)) {
                out.printf(Locale.ROOT, "%3d  %.4f  %-20s %s%n", rank++, hit.cosine(), hit.id(), hit.text() == null ? "" : hit.text());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private float[] imageVector(Path modelDir) throws java.io.IOException {
        if (!ImageEncoder.isImageEncoder(modelDir)) {
            throw new InvalidInputException("--image needs an index built with an image encoder (or --model DIR of one); "
                    + (modelDir == null ? "this one was built with the embedded text model" : modelDir + " is a text model"));
        }
        if (!java.nio.file.Files.isRegularFile(image)) {
            throw new InvalidInputException("no image file " + image);
        }
        try (ImageEncoder encoder = ImageEncoder.load(modelDir)) {
            int[] shape = encoder.inputShape();
            byte[] pixels = ImageFolder.decode(java.nio.file.Files.readAllBytes(image), shape[1], shape[0]);
            if (pixels == null) {
                throw new InvalidInputException(image + " is not a decodable image (PNG, JPEG, BMP, GIF)");
            }
            return encoder.encode(new float[][] {ImageDataset.unit(pixels)})[0];
        }
    }
}
