package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.TextRecords;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.eval.ZeroShotClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code c4j classify --labels "a,b,c" TEXT...}: zero-shot classification by cosine to the label texts. */
@Command(name = "classify", description = {"Zero-shot classification of texts by cosine to label prompts.",
    "Each text gets the cosine to every label (embedded through --template) and the best label; one JSON line per text."})
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--labels", required = true, split = ",", description = "Comma-separated labels.")
    List<String> labels;

    @Option(names = "--template", defaultValue = "{}", description = "Prompt around each label, {} is the label (default ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--input", description = "Texts from FILE.txt / FILE.jsonl instead of the arguments.")
    Path input;

    @Option(names = "--field", defaultValue = "text", description = "JSONL field holding the text (default ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--model", description = "Model directory or zoo name (c4j models list; default: the embedded all-MiniLM-L6-v2).")
    Path model;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Texts to classify (or --input).")
    List<String> texts;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> cleaned = labels.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (cleaned.size() < 2) {
            throw new InvalidInputException("--labels needs at least two labels, got " + labels);
        }
        if (!template.contains("{}")) {
            throw new InvalidInputException("--template must contain {} where the label goes, got '" + template + "'");
        }
        List<String> inputs = input != null ? TextRecords.read(input, field).strings() : texts;
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidInputException("nothing to classify: give texts as arguments or --input FILE");
        }
        float[][] labelVectors;
        float[][] textVectors;
        try (TextModel m = TextModel.load(model)) {
            labelVectors = m.embedAll(cleaned.stream().map(l -> template.replace("{}", l)).toList(), 64, null);
            textVectors = m.embedAll(inputs, 64, null);
        }
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        List<ZeroShotClassifier.Prediction> predictions = ZeroShotClassifier.classify(textVectors, labelVectors, cleaned);
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode node = json.createObjectNode().put("text", inputs.get(i));
            ObjectNode scores = node.putObject("scores");
            predictions.get(i).scores().forEach(scores::put);
            node.put("label", predictions.get(i).label());
            out.println(json.writeValueAsString(node));
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
