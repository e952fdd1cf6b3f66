package org.contrastive4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.method.SimClr;
import org.contrastive4j.train.AdamW;
import org.contrastive4j.train.Trainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library example is this program: it compiles, runs, and the README shows it verbatim. */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/org/contrastive4j/ReadmeExampleTest.java");
    private static final Path README = Path.of("../README.md");

    static float[][] example() {
        // README begin
        ImageDataset images = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(1024);
        SimClr.Config config = SimClr.Config.defaults(1, 28);                     // ResNet, MLP head, NT-Xent at tau 0.2
        try (ImageModel model = SimClr.newModel(config, new int[] {1, 28, 28}, 42)) {
            SimClr simclr = new SimClr(model, config);                            // two augmented views per image
            AdamW adamw = new AdamW(model.manager(), 1e-6);
            try (ViewBatches batches = new ViewBatches(images, simclr.views(), 256, 42, 0, 2)) {
                for (int step = 0; step < 4; step++) {
                    try (NDManager scope = model.manager().newSubManager()) {        // the step's arrays die with it
                        double loss = simclr.backward(scope, batches.next());       // forward, NT-Xent, backward
                        List<NDArray> grads = Trainer.gradients(model.trainableArrays(), scope);
                        adamw.step(model.trainableArrays(), grads, model.decayMask(), 1e-3, scope);
                        grads.forEach(g -> g.muli(0));                              // gradients add up, as in PyTorch
                        System.out.printf("step %d: loss %.4f%n", step, loss);
                    }
                }
            }
            return Embeddings.of(model, Embeddings.images(images, 16), new int[] {1, 28, 28});   // representations [16][256]
        }
        // README end
    }

    @Test
    void theExampleRunsAndGivesRepresentations() {
        float[][] features = example();
        assertEquals(16, features.length);
        assertEquals(SimClr.Config.defaults(1, 28).encoder().outputSize(), features[0].length);
    }

    @Test
    void theReadmeShowsThisProgramVerbatim() throws IOException {
        List<String> source = Files.readAllLines(SOURCE);
        int begin = source.indexOf("        // README begin");
        int end = source.indexOf("        // README end");
        List<String> program = source.subList(begin + 1, end).stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).toList();
        String readme = Files.readString(README);
        assertTrue(readme.contains("```java\n" + String.join("\n", program) + "\n```"),
                "README.md's library example differs from " + SOURCE + ":\n" + String.join("\n", program));
    }
}
