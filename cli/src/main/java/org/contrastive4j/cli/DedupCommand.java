package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.index.NearDuplicates;
import org.contrastive4j.io.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code c4j dedup}: groups of near-duplicate texts, through an HNSW index. */
@Command(name = "dedup", description = {"Find groups of near-duplicate texts (cosine >= --threshold) through an HNSW index.",
    "Writes one JSON line per group: {\"group\": i, \"members\": [{\"line\": n, \"text\": ...}, ...]}."})
final class DedupCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Texts: FILE.txt or FILE.jsonl.")
    Path input;

    @Option(names = "--vectors", description = "Precomputed embeddings (.npy, .safetensors, .jsonl from c4j embed).")
    Path vectorsFile;

    @Option(names = "--output", required = true, description = "Groups as JSONL.")
    Path output;

    @Option(names = "--threshold", defaultValue = "0.9", description = "Cosine at or above which two texts are duplicates (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--neighbours", defaultValue = "10", description = "Neighbours examined per text (default ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--field", defaultValue = "text", description = "JSONL field holding the text (default ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--images", description = "A directory of images (any depth) to embed with the image encoder --model "
        + "(the model/ directory of c4j train simclr|moco|supcon|dino) instead of texts.")
    Path images;

    @Option(names = "--model", description = "Model directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(threshold > -1 && threshold <= 1)) {
            throw new InvalidInputException("--threshold must be a cosine in (-1, 1], got " + threshold);
        }
        EmbeddedTexts loaded = EmbeddedTexts.of(input, field, vectorsFile, model, null, images, spec.commandLine().getErr());
        float[][] vectors = loaded.vectors();
        List<List<Integer>> groups = NearDuplicates.find(vectors, threshold, neighbours);
        ObjectMapper json = new ObjectMapper();
        SafeFiles.write(output, out -> {
            for (int g = 0; g < groups.size(); g++) {
                ObjectNode node = json.createObjectNode().put("group", g);
                ArrayNode members = node.putArray("members");
                for (int i : groups.get(g)) {
                    members.addObject().put("line", loaded.texts().get(i).line()).put("text", loaded.texts().get(i).text());
                }
                out.write(json.writeValueAsBytes(node));
                out.write('\n');
            }
        });
        int duplicates = groups.stream().mapToInt(g -> g.size() - 1).sum();
        spec.commandLine().getErr().printf("%d texts, %d groups of near-duplicates (%d texts could be dropped) -> %s%n",
                vectors.length, groups.size(), duplicates, output);
        spec.commandLine().getErr().flush();
        return Main.EXIT_OK;
    }
}
