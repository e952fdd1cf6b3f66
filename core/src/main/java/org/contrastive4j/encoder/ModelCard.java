package org.contrastive4j.encoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README.md of a saved model, as the Hub shows it: YAML front matter (library, base model,
 * tags), what the model is, how it was trained, and the run's results table.
 *
 * @param baseModel the model training started from (Hub id or directory)
 * @param training what was done, e.g. {@code "MultipleNegativesRankingLoss on 2000 WordNet pairs, 300 steps"}; null if untrained here
 * @param resultsHeader the results table's column names (empty for no table)
 * @param results its rows, each as long as the header
 */
public record ModelCard(String baseModel, String training, List<String> resultsHeader, List<List<String>> results) {
    public static ModelCard of(String baseModel) {
        return new ModelCard(baseModel, null, List.of(), List.of());
    }

    public ModelCard withTraining(String what, List<String> header, List<List<String>> rows) {
        return new ModelCard(baseModel, what, header, rows);
    }

    /** The card's Markdown, for a model of {@code config} giving {@code dimension}-long vectors. */
    public String markdown(BertConfig config, int dimension, Prompts prompts) {
        StringBuilder s = new StringBuilder();
        s.append("---\nlibrary_name: sentence-transformers\npipeline_tag: sentence-similarity\ntags:\n")
                .append("- sentence-transformers\n- feature-extraction\n- contrastive4j\n");
        if (baseModel != null && !baseModel.isBlank()) {
            s.append("base_model: ").append(baseModel).append('\n');
        }
        s.append("---\n\n# ").append(training == null ? "Sentence embedding model" : "Fine-tuned sentence embedding model")
                .append("\n\nSaved by contrastive4j in the sentence-transformers layout: it loads in sentence-transformers,")
                .append(" transformers, Text Embeddings Inference and `c4j --model DIR`.\n\n");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("base model", baseModel == null ? "none" : baseModel);
        facts.put("architecture", config.modelType() + ", " + config.layers() + " layers, hidden " + config.hidden() + ", "
                + config.heads() + " heads");
        facts.put("vector length", Integer.toString(dimension));
        facts.put("pooling", config.pooling().cliName() + (config.normalize() ? ", L2-normalised" : ""));
        facts.put("max sequence length", config.maxSequenceLength() + " tokens");
        if (!prompts.byName().isEmpty()) {
            facts.put("prompts", prompts.byName().entrySet().stream().map(e -> e.getKey() + " = `" + e.getValue() + "`").toList()
                    .toString().replaceAll("^\\[|\\]$", ""));
        }
        if (training != null) {
            facts.put("training", training);
        }
        s.append("| | |\n|---|---|\n");
        facts.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        if (!resultsHeader.isEmpty()) {
            s.append("\n## Results\n\n| ").append(String.join(" | ", resultsHeader)).append(" |\n|")
                    .append("---|".repeat(resultsHeader.size())).append('\n');
            for (List<String> row : results) {
                s.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
        }
        s.append("\n## Use\n\n```python\nfrom sentence_transformers import SentenceTransformer\n")
                .append("model = SentenceTransformer(\"path/to/this/directory\")\nvectors = model.encode([\"a sentence\"])\n```\n\n")
                .append("```bash\nc4j embed --model path/to/this/directory --input texts.txt --output vectors.npy\n```\n");
        return s.toString();
    }
}
