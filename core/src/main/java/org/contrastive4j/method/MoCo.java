package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.Permutations;
import org.contrastive4j.data.Seeds;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.loss.MocoLoss;
import org.contrastive4j.loss.Reduction;
import org.contrastive4j.train.Ema;
import org.contrastive4j.train.KeyQueue;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * MoCo v2 (He et al. 2020; Chen et al. 2020, "Improved Baselines with Momentum Contrastive
 * Learning"): a query encoder trained by gradient, a key encoder that is its exponential moving
 * average ({@code theta_k <- m theta_k + (1 - m) theta_q}, m = 0.999, no gradient), MLP heads,
 * and InfoNCE of each query against its key and a FIFO queue of past keys (tau 0.2). The
 * momentum update runs after each optimizer step, which is the official code's update at the
 * start of the next step; the batch's keys are enqueued after the update.
 *
 * <p>Shuffle-BN on one device: MoCo shuffles keys across GPUs so that a query and its key never
 * share batch-norm statistics (otherwise the model can find its positive through the batch
 * statistics instead of the image). Here the key batch is shuffled by a seeded permutation and
 * encoded in {@code bnGroups} separate chunks, each with its own BN statistics, then
 * un-shuffled: the key of image i is normalised with statistics of a different subset of images
 * than its query, as on {@code bnGroups} GPUs (the split-BN of the official single-GPU demo).
 */
public final class MoCo implements Trainer.Objective<ViewBatch>, Trainable {

    /**
     * The recipe: encoder, head, temperature, momentum, queue size, key BN groups, views, with
     * MoCo v2's defaults. Immutable; each setter returns a changed copy:
     * {@code MoCo.defaults().queueSize(4096).momentum(0.99)}.
     */
    public static final class Config {
        public static final double DEFAULT_MOMENTUM = 0.999;
        public static final int DEFAULT_QUEUE = 65536;

        private SmallResNet.Config encoder = new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1);
        private int headHidden = 0;
        private int headOut = 128;
        private double tau = 0.2;
        private double momentum = DEFAULT_MOMENTUM;
        private int queueSize = DEFAULT_QUEUE;
        private int bnGroups = 4;
        private ViewTransform views = ViewTransform.simclr(28);

        /** The backbone; default stages 16/32/64 for one channel. */
        public SmallResNet.Config encoder() {
            return encoder;
        }

        public Config encoder(SmallResNet.Config value) {
            if (!(value != null)) {
                throw InvalidInputException.parameter("encoder", "must be given, got " + value);
            }
            Config c = copy();
            c.encoder = value;
            return c;
        }

        /** The MLP head's hidden width; default the representation size. */
        public int headHidden() {
            return headHidden > 0 ? headHidden : encoder.outputSize();
        }

        public Config headHidden(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("headHidden", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.headHidden = value;
            return c;
        }

        /** Key and query size; default 128. */
        public int headOut() {
            return headOut;
        }

        public Config headOut(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("headOut", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.headOut = value;
            return c;
        }

        /** Temperature; default 0.2 (MoCo v2). */
        public double tau() {
            return tau;
        }

        public Config tau(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw InvalidInputException.parameter("tau", "must be > 0, got " + value);
            }
            Config c = copy();
            c.tau = value;
            return c;
        }

        /** The key encoder's EMA momentum; default 0.999. */
        public double momentum() {
            return momentum;
        }

        public Config momentum(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw InvalidInputException.parameter("momentum", "must be in [0, 1], got " + value);
            }
            Config c = copy();
            c.momentum = value;
            return c;
        }

        /** Past keys kept as negatives; default 65536. */
        public int queueSize() {
            return queueSize;
        }

        public Config queueSize(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("queueSize", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.queueSize = value;
            return c;
        }

        /** Shuffled batch-norm groups of the key batch; default 4. */
        public int bnGroups() {
            return bnGroups;
        }

        public Config bnGroups(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("bnGroups", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.bnGroups = value;
            return c;
        }

        /** The view transform; default SimCLR at 28 px. */
        public ViewTransform views() {
            return views;
        }

        public Config views(ViewTransform value) {
            if (!(value != null)) {
                throw InvalidInputException.parameter("views", "must be given, got " + value);
            }
            Config c = copy();
            c.views = value;
            return c;
        }

        private Config copy() {
            Config c = new Config();
            c.encoder = encoder;
            c.headHidden = headHidden;
            c.headOut = headOut;
            c.tau = tau;
            c.momentum = momentum;
            c.queueSize = queueSize;
            c.bnGroups = bnGroups;
            c.views = views;
            return c;
        }

        @Override
        public String toString() {
            return "Config[" + "encoder=" + encoder + ", " + "headHidden=" + headHidden() + ", " + "headOut=" + headOut + ", " + "tau=" + tau + ", " + "momentum=" + momentum + ", " + "queueSize=" + queueSize + ", " + "bnGroups=" + bnGroups + ", " + "views=" + views + "]";
        }

        private Config() {}
    }

    /** MoCo v2's recipe (see {@link Config}). */
    public static Config defaults() {
        return new Config();
    }

    private final ImageModel query;
    private final ImageModel key;
    private final KeyQueue queue;
    private final MocoLoss loss;
    private final Config config;
    private final ViewGenerator views;
    private final long seed;
    private NDArray lastKeys;

    /** Takes ownership of {@code query}; the key encoder starts as its copy. */
    public MoCo(ImageModel query, Config config, int[] inputShape, long seed) {
        this.query = query;
        this.config = config;
        this.seed = seed;
        this.key = ImageModel.create(config.encoder(), config.headHidden(), config.headOut(), inputShape, seed);
        copyWeights(query, key);
        this.queue = new KeyQueue(query.manager(), config.queueSize(), config.headOut(), seed);
        this.loss = new MocoLoss(config.tau(), Reduction.MEAN);
        this.views = ViewGenerator.twoViews(config.views().build());
    }

    public ViewGenerator views() {
        return views;
    }

    public ImageModel keyEncoder() {
        return key;
    }

    public KeyQueue queue() {
        return queue;
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        NDArray q = query.project(SimClr.images(step, batch, 0), true).normalize(2, 1, 1e-12);
        NDArray k = keys(step, SimClr.images(step, batch, 1), batch.step());
        lastKeys = k;
        return loss.forward(q, k, queue.keys());
    }

    /** Keys of {@code images}, encoded in shuffled BN groups and returned in the original order. */
    NDArray keys(NDManager step, NDArray images, long stepIndex) {
        int n = (int) images.getShape().get(0);
        int groups = Math.min(config.bnGroups(), n / 2);
        int[] perm = Permutations.of(n, Seeds.forSample(seed, 1, stepIndex));
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) {
            inverse[perm[i]] = i;
        }
        NDArray shuffled = images.get(step.create(perm));
        NDList parts = new NDList();
        for (int g = 0; g < Math.max(1, groups); g++) {
            int from = g * n / Math.max(1, groups);
            int to = (g + 1) * n / Math.max(1, groups);
            parts.add(key.project(shuffled.get(from + ":" + to), true));
        }
        NDArray k = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        return k.get(step.create(inverse)).normalize(2, 1, 1e-12).stopGradient();
    }

    @Override
    public void afterUpdate(NDManager step, ViewBatch batch) {
        Ema.update(key.trainableArrays(), query.trainableArrays(), config.momentum(), step);
        queue.enqueue(lastKeys);
        lastKeys = null;
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("queue_pointer", (double) queue.pointer());
    }

    @Override
    public NDManager manager() {
        return query.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return query.trainableArrays();
    }

    @Override
    public List<Boolean> decayMask() {
        return query.decayMask();
    }

    /** Query encoder, key encoder, then the queue and its pointer. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        query.save(out);
        key.save(out);
        try (NDManager scratch = query.manager().newSubManager()) {
            queue.state(scratch).encode(out);
        }
    }

    @Override
    public void load(DataInputStream in, String source) {
        query.load(in, source);
        key.load(in, source + " (key encoder)");
        try (NDManager scratch = query.manager().newSubManager()) {
            queue.restore(NDList.decode(scratch, in), source);
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read the key queue from " + source + ": " + e.getMessage(), e);
        }
    }

    /** Closes the key encoder; the query encoder belongs to the caller. */
    public void closeKeyEncoder() {
        key.close();
    }

    static void copyWeights(ImageModel from, ImageModel to) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                from.save(out);
            }
            to.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "the query encoder");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
