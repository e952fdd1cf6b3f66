package org.contrastive4j.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.augment.ViewTransform;
import org.contrastive4j.augment.RandomResizedCrop;
import org.contrastive4j.augment.ViewGenerator;
import org.contrastive4j.data.ViewBatch;
import org.contrastive4j.encoder.DinoHead;
import org.contrastive4j.encoder.ImageModel;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.loss.DinoLoss;
import org.contrastive4j.tensor.Scoped;
import org.contrastive4j.train.Ema;
import org.contrastive4j.train.Trainable;
import org.contrastive4j.train.Trainer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DINO (Caron et al. 2021): a student and a teacher with the same architecture (ResNet + DINO
 * head); the teacher is the EMA of the student, momentum 0.996 -> 1 on a cosine schedule, and
 * sees only the global crops, the student every crop. The teacher's outputs are centred
 * (centre momentum 0.9) and sharpened (temperature warming up linearly from 0.04 to 0.07),
 * the student's at 0.1. Crops of one size go through the network together, so batch norm sees
 * a whole batch of one resolution. The teacher is the network evaluated, as in the paper.
 *
 * <p>Two collapse indicators are logged: the mean entropy of the teacher's centred, sharpened
 * output (collapse to one prototype drives it to 0; to the uniform distribution, to log K), and
 * the standard deviation across the batch of the teacher's L2-normalised representation, mean
 * over dimensions (0 when every image maps to one point; about 1/sqrt(d) when spread).
 */
public final class Dino implements Trainer.Objective<ViewBatch>, Trainable {

    /**
     * The recipe: encoder, head, temperatures, schedules, crops, with the paper's temperatures and
     * momenta and a head and crops scaled down for 28-32 px images. Immutable; each setter returns
     * a changed copy: {@code Dino.defaults().teacherTemp(0.04).localCrops(6)}.
     */
    public static final class Config {
        private SmallResNet.Config encoder = new SmallResNet.Config(1, 16, new int[] {16, 32, 64}, 1);
        private int headHidden = 256;
        private int bottleneck = 64;
        private int outputs = 1024;
        private double studentTemp = 0.1;
        private double warmupTeacherTemp = 0.04;
        private double teacherTemp = 0.07;
        private long warmupTeacherTempSteps = -1;
        private double momentumStart = 0.996;
        private double centerMomentum = 0.9;
        private long totalSteps = 0;
        private int globalCrops = 2;
        private int localCrops = 4;
        private int localSize = 0;
        private ViewTransform views = ViewTransform.simclr(28);
        private long freezePrototypeSteps = 0;

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

        /** The DINO head's hidden width; default 256. */
        public int headHidden() {
            return headHidden;
        }

        public Config headHidden(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("headHidden", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.headHidden = value;
            return c;
        }

        /** The head's bottleneck before the prototypes; default 64. */
        public int bottleneck() {
            return bottleneck;
        }

        public Config bottleneck(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("bottleneck", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.bottleneck = value;
            return c;
        }

        /** Prototypes K; default 1024. */
        public int outputs() {
            return outputs;
        }

        public Config outputs(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("outputs", "must be at least 1 (the number of prototypes), got " + value);
            }
            Config c = copy();
            c.outputs = value;
            return c;
        }

        /** The student's temperature; default 0.1. */
        public double studentTemp() {
            return studentTemp;
        }

        public Config studentTemp(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw InvalidInputException.parameter("studentTemp", "must be > 0, got " + value);
            }
            Config c = copy();
            c.studentTemp = value;
            return c;
        }

        /** The teacher's temperature at step 0; default 0.04. */
        public double warmupTeacherTemp() {
            return warmupTeacherTemp;
        }

        public Config warmupTeacherTemp(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw InvalidInputException.parameter("warmupTeacherTemp", "must be > 0, got " + value);
            }
            Config c = copy();
            c.warmupTeacherTemp = value;
            return c;
        }

        /** The teacher's temperature after warm-up; default 0.07. */
        public double teacherTemp() {
            return teacherTemp;
        }

        public Config teacherTemp(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw InvalidInputException.parameter("teacherTemp", "must be > 0, got " + value);
            }
            Config c = copy();
            c.teacherTemp = value;
            return c;
        }

        /** Steps of the linear teacher-temperature warm-up; default 30% of the run. */
        public long warmupTeacherTempSteps() {
            return warmupTeacherTempSteps >= 0 ? warmupTeacherTempSteps : Math.max(1, totalSteps * 3 / 10);
        }

        public Config warmupTeacherTempSteps(long value) {
            if (!(value >= 0)) {
                throw InvalidInputException.parameter("warmupTeacherTempSteps", "must be >= 0, got " + value);
            }
            Config c = copy();
            c.warmupTeacherTempSteps = value;
            return c;
        }

        /** The teacher's EMA momentum at step 0, rising to 1 on a cosine; default 0.996. */
        public double momentumStart() {
            return momentumStart;
        }

        public Config momentumStart(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw InvalidInputException.parameter("momentumStart", "must be in [0, 1], got " + value);
            }
            Config c = copy();
            c.momentumStart = value;
            return c;
        }

        /** Momentum of the centre; default 0.9. */
        public double centerMomentum() {
            return centerMomentum;
        }

        public Config centerMomentum(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw InvalidInputException.parameter("centerMomentum", "must be in [0, 1], got " + value);
            }
            Config c = copy();
            c.centerMomentum = value;
            return c;
        }

        /** Steps of the run, for the schedules (the trainer sets it). */
        public long totalSteps() {
            return totalSteps;
        }

        public Config totalSteps(long value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("totalSteps", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.totalSteps = value;
            return c;
        }

        /** Global crops per image, seen by the teacher; default 2. */
        public int globalCrops() {
            return globalCrops;
        }

        public Config globalCrops(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("globalCrops", "must be at least 1, got " + value);
            }
            Config c = copy();
            c.globalCrops = value;
            return c;
        }

        /** Small local crops per image, seen by the student only; default 4. */
        public int localCrops() {
            return localCrops;
        }

        public Config localCrops(int value) {
            if (!(value >= 0)) {
                throw InvalidInputException.parameter("localCrops", "must be >= 0, got " + value);
            }
            Config c = copy();
            c.localCrops = value;
            return c;
        }

        /** Side of the local crops; default 3/7 of the image side, at least 8. */
        public int localSize() {
            return localSize > 0 ? localSize : Math.max(8, views.size() * 3 / 7);
        }

        public Config localSize(int value) {
            if (!(value >= 1)) {
                throw InvalidInputException.parameter("localSize", "must be at least 1 pixel, got " + value);
            }
            Config c = copy();
            c.localSize = value;
            return c;
        }

        /** The view transform of every crop; default SimCLR at 28 px. */
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

        /** Steps at the start in which the prototypes get no gradient; default 0. */
        public long freezePrototypeSteps() {
            return freezePrototypeSteps;
        }

        public Config freezePrototypeSteps(long value) {
            if (!(value >= 0)) {
                throw InvalidInputException.parameter("freezePrototypeSteps", "must be >= 0, got " + value);
            }
            Config c = copy();
            c.freezePrototypeSteps = value;
            return c;
        }

        private Config copy() {
            Config c = new Config();
            c.encoder = encoder;
            c.headHidden = headHidden;
            c.bottleneck = bottleneck;
            c.outputs = outputs;
            c.studentTemp = studentTemp;
            c.warmupTeacherTemp = warmupTeacherTemp;
            c.teacherTemp = teacherTemp;
            c.warmupTeacherTempSteps = warmupTeacherTempSteps;
            c.momentumStart = momentumStart;
            c.centerMomentum = centerMomentum;
            c.totalSteps = totalSteps;
            c.globalCrops = globalCrops;
            c.localCrops = localCrops;
            c.localSize = localSize;
            c.views = views;
            c.freezePrototypeSteps = freezePrototypeSteps;
            return c;
        }

        @Override
        public String toString() {
            return "Config[" + "encoder=" + encoder + ", " + "headHidden=" + headHidden + ", " + "bottleneck=" + bottleneck + ", " + "outputs=" + outputs + ", " + "studentTemp=" + studentTemp + ", " + "warmupTeacherTemp=" + warmupTeacherTemp + ", " + "teacherTemp=" + teacherTemp + ", " + "warmupTeacherTempSteps=" + warmupTeacherTempSteps() + ", " + "momentumStart=" + momentumStart + ", " + "centerMomentum=" + centerMomentum + ", " + "totalSteps=" + totalSteps + ", " + "globalCrops=" + globalCrops + ", " + "localCrops=" + localCrops + ", " + "localSize=" + localSize() + ", " + "views=" + views + ", " + "freezePrototypeSteps=" + freezePrototypeSteps + "]";
        }

        private Config() {}
    }

    /** The default recipe (see {@link Config}); set {@code totalSteps} before training. */
    public static Config defaults() {
        return new Config();
    }

    private final ImageModel student;
    private final ImageModel teacher;
    private final Parameter prototypes;
    private final Config config;
    private final DinoLoss loss;
    private final ViewGenerator views;
    private NDArray center;
    private NDArray nextCenter;
    private double teacherEntropy = Double.NaN;
    private double teacherStd = Double.NaN;

    /** Takes ownership of neither model; the teacher starts as the student's copy. */
    public Dino(ImageModel student, ImageModel teacher, Config config) {
        if (config.totalSteps() < 1) {
            throw InvalidInputException.parameter("totalSteps", "must be set to the run's steps (DINO's schedules span them), got "
                    + config.totalSteps());
        }
        if (config.globalCrops() + config.localCrops() < 2) {
            throw new InvalidInputException("DINO needs at least one global crop and two crops in all");
        }
        this.student = student;
        this.teacher = teacher;
        this.config = config;
        this.prototypes = student.parameter(DinoHead.PROTOTYPES);
        MoCo.copyWeights(student, teacher);
        this.loss = new DinoLoss(config.studentTemp(), config.centerMomentum());
        this.center = student.manager().zeros(new Shape(1, config.outputs()), DataType.FLOAT32);
        ViewTransform a = config.views();
        this.views = ViewGenerator.multiCrop(a.build(new RandomResizedCrop(a.size(), Math.max(a.cropMinScale(), 0.25))),
                config.globalCrops(), a.build(new RandomResizedCrop(config.localSize(), 0.05, 0.25, 3.0 / 4, 4.0 / 3)),
                config.localCrops());
    }

    public static ImageModel newModel(Config config, int[] inputShape, long seed) {
        return ImageModel.create(config.encoder(), new DinoHead(config.headHidden(), config.bottleneck(), config.outputs()),
                inputShape, seed);
    }

    public ViewGenerator views() {
        return views;
    }

    public NDArray center() {
        return center;
    }

    /** The teacher temperature at {@code step}: linear warm-up, then constant. */
    public double teacherTemp(long step) {
        if (step >= config.warmupTeacherTempSteps()) {
            return config.teacherTemp();
        }
        return config.warmupTeacherTemp()
                + (config.teacherTemp() - config.warmupTeacherTemp()) * step / (double) config.warmupTeacherTempSteps();
    }

    @Override
    public NDArray loss(NDManager step, ViewBatch batch) {
        int n = batch.size();
        int globals = config.globalCrops();
        int locals = config.localCrops();
        NDArray globalImages = concat(step, batch, 0, globals);
        NDArray teacherRepr = teacher.represent(globalImages, true).stopGradient();
        NDArray teacherOut = teacher.projectRepresentation(teacherRepr, true).stopGradient();
        NDArray studentOut = student.project(globalImages, true);
        NDList studentViews = new NDList(studentOut.reshape(globals, n, config.outputs()));
        if (locals > 0) {
            studentViews.add(student.project(concat(step, batch, globals, globals + locals), true).reshape(locals, n, config.outputs()));
        }
        double temp = teacherTemp(batch.step());
        DinoLoss.Result r = loss.forward(studentViews.size() == 1 ? studentViews.get(0) : NDArrays.concat(studentViews, 0),
                teacherOut.reshape(globals, n, config.outputs()), center, temp);
        nextCenter = r.newCenter();
        NDArray p = teacherOut.sub(Scoped.detachedLike(center, teacherOut)).div(temp).softmax(1);
        teacherEntropy = p.mul(p.add(1e-12).log()).sum(new int[] {1}).mean().neg().getFloat();
        NDArray u = teacherRepr.normalize(2, 1, 1e-12);
        teacherStd = u.sub(u.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().mean().getFloat();
        return r.loss();
    }

    private static NDArray concat(NDManager step, ViewBatch batch, int from, int to) {
        NDList parts = new NDList();
        for (int v = from; v < to; v++) {
            parts.add(SimClr.images(step, batch, v));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /**
     * The reference code's {@code freeze_last_layer}: for the first {@code freezePrototypeSteps}
     * steps the prototypes get no gradient, so they do not move while the rest of the head finds
     * its footing.
     */
    @Override
    public double backward(NDManager step, ViewBatch batch) {
        double value = Trainer.Objective.super.backward(step, batch);
        if (batch.step() < config.freezePrototypeSteps()) {
            NDArray grad = prototypes.getArray().getGradient();
            grad.attach(step);
            grad.muli(0);
        }
        return value;
    }

    @Override
    public void afterUpdate(NDManager step, ViewBatch batch) {
        double m = Ema.cosineMomentum(config.momentumStart(), batch.step(), config.totalSteps());
        Ema.update(teacher.trainableArrays(), student.trainableArrays(), m, step);
        center.muli(0).addi(nextCenter.stopGradient());
        nextCenter = null;
    }

    @Override
    public Map<String, Double> diagnostics() {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("teacher_entropy", teacherEntropy);
        d.put("teacher_std", teacherStd);
        return d;
    }

    @Override
    public NDManager manager() {
        return student.manager();
    }

    @Override
    public List<NDArray> trainableArrays() {
        return student.trainableArrays();
    }

    @Override
    public List<Boolean> decayMask() {
        return student.decayMask();
    }

    /** Student, teacher, then the centre. */
    @Override
    public void save(DataOutputStream out) throws IOException {
        student.save(out);
        teacher.save(out);
        new NDList(center).encode(out);
    }

    @Override
    public void load(DataInputStream in, String source) {
        student.load(in, source);
        teacher.load(in, source + " (teacher)");
        try (NDManager scratch = student.manager().newSubManager()) {
            NDList list = NDList.decode(scratch, in);
            if (list.size() != 1 || !list.get(0).getShape().equals(center.getShape())) {
                throw new InvalidInputException(source + " does not hold a DINO centre of shape " + center.getShape());
            }
            NDArray restored = student.manager().create(list.get(0).toFloatArray(), center.getShape());
            center.close();
            center = restored;
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read the DINO centre from " + source + ": " + e.getMessage(), e);
        }
    }
}
