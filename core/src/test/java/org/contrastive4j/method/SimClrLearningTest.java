package org.contrastive4j.method;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.data.ViewBatches;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.eval.Embeddings;
import org.contrastive4j.eval.KnnClassifier;
import org.contrastive4j.train.MetricsLog;
import org.contrastive4j.train.Trainer;
import org.contrastive4j.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SimCLR must learn from real data: on 2,000 Fashion-MNIST images and 150 steps, the kNN
 * accuracy of the representation on 2,000 test images rises by at least 4 points over the same
 * encoder at initialisation (measured: about +8).
 */
class SimClrLearningTest {
    private static final double MARGIN = 0.04;

    @TempDir
    Path dir;

    @Test
    void knnAccuracyRisesOverTheEncoderAtInitialisation() throws IOException {
        ImageDataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR).limit(2000);
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(2000);
        int[] shape = {1, 28, 28};
        SimClr.Config config = SimClr.Config.defaults(1, 28);
        try (ImageModel model = SimClr.newModel(config, shape, 0)) {
            double before = knn(model, train, test, shape);
            SimClr method = new SimClr(model, config);
            TrainerConfig tc = TrainerConfig.defaults(150).warmupSteps(15).checkpointEvery(100000).progressBar(false);
            Trainer<ViewBatch> trainer = new Trainer<>(model, tc, dir, new ObjectMapper().createObjectNode());
            try (ViewBatches batches = new ViewBatches(train, method.views(), 128, 0, 0, 2);
                 MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), 0)) {
                trainer.run(batches::next, method, 0, metrics, null);
            }
            double after = knn(model, train, test, shape);
            assertTrue(after > before + MARGIN, String.format("kNN at init %.4f, after training %.4f", before, after));
        }
    }

    private static double knn(ImageModel model, ImageDataset train, ImageDataset test, int[] shape) {
        float[][] tr = Embeddings.of(model, Embeddings.images(train, train.size()), shape);
        float[][] te = Embeddings.of(model, Embeddings.images(test, test.size()), shape);
        return KnnClassifier.defaults().accuracy(tr, train.labels(), te, test.labels(), 10);
    }
}
