import org.contrastive4j.Fit;
import org.contrastive4j.TextEncoder;
import org.contrastive4j.data.ScoredPair;
import org.contrastive4j.data.TextPair;
import org.contrastive4j.data.WordNet;
import org.contrastive4j.data.WordNetDatasets;
import org.contrastive4j.data.WordNetDatasets.Split;
import org.contrastive4j.eval.StsEvaluation;
import org.contrastive4j.loss.AnglELoss;
import org.contrastive4j.loss.CoSENTLoss;
import org.contrastive4j.loss.MultipleNegativesRankingLoss;

import java.util.List;
import java.util.Locale;

/**
 * CoSENT and AnglE against the in-batch loss on scored WordNet noun pairs (lemma, lemma, path
 * similarity of their synsets): every model starts from all-MiniLM-L6-v2, trains one epoch on the
 * same training-split pairs (the in-batch loss on those of them one hypernym or hyponym link apart,
 * score 0.5, as (anchor, positive): it cannot use a graded score), and is scored by the Spearman and
 * Pearson correlation of cosine with the score on pairs from the held-out test synsets.
 * Usage: ScoredLosses [training pairs, default 8000] [test pairs, default 2000] [batch, default 32]
 */
public class ScoredLosses {
    public static void main(String[] args) {
        int trainCount = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        int testCount = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        WordNetDatasets data = new WordNetDatasets(WordNet.read(WordNet.DEFAULT_DIR), 0.1, 0.1, 0);
        List<ScoredPair> train = data.scoredPairs(Split.TRAIN, 'n', trainCount, 0);
        List<ScoredPair> test = data.scoredPairs(Split.TEST, 'n', testCount, 0);
        List<TextPair> adjacent = train.stream().filter(p -> p.score() >= 0.5).map(p -> new TextPair(p.a(), p.b(), null, null)).toList();
        System.out.printf(Locale.ROOT, "%d training pairs (%d one link apart), %d test pairs, batch %d, 1 epoch, lr 2e-5, seed 0%n",
                train.size(), adjacent.size(), test.size(), batch);
        System.out.printf("%-34s %8s %8s %6s %8s%n", "model", "Spearman", "Pearson", "steps", "seconds");
        try (TextEncoder base = TextEncoder.load("all-MiniLM-L6-v2")) {
            row("all-MiniLM-L6-v2 (base)", StsEvaluation.evaluate(base.model(), test, 64), 0, 0);
        }
        for (String loss : List.of("CoSENTLoss", "AnglELoss")) {
            try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
                long start = System.nanoTime();
                var fit = Fit.of(model, loss.equals("CoSENTLoss") ? new CoSENTLoss() : new AnglELoss()).data(train)
                        .options(Fit.epochs(1).batchSize(batch).learningRate(2e-5).seed(0)).run();
                row(loss + ", all pairs", StsEvaluation.evaluate(model.model(), test, 64), fit.steps(), (System.nanoTime() - start) / 1e9);
            }
        }
        try (TextEncoder model = TextEncoder.load("all-MiniLM-L6-v2")) {
            long start = System.nanoTime();
            var fit = Fit.of(model, new MultipleNegativesRankingLoss(20)).data(adjacent).batchSize(batch).epochs(1)
                    .learningRate(2e-5).seed(0).run();
            row("MultipleNegativesRankingLoss", StsEvaluation.evaluate(model.model(), test, 64), fit.steps(), (System.nanoTime() - start) / 1e9);
        }
    }

    private static void row(String name, StsEvaluation.Result r, long steps, double seconds) {
        System.out.printf(Locale.ROOT, "%-34s %8.4f %8.4f %6d %8.1f%n", name, r.spearman(), r.pearson(), steps, seconds);
    }
}
