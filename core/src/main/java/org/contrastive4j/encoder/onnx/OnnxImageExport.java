package org.contrastive4j.encoder.onnx;

import ai.djl.nn.Parameter;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.SmallResNet;
import org.contrastive4j.encoder.onnx.OnnxGraph.Attr;

import java.util.Iterator;

/**
 * An image encoder as an ONNX graph (opset 17): input {@code pixel_values} [batch][c][h][w]
 * (values in [0, 1], as the manifest says), outputs {@code representation} [batch][d] (the
 * backbone's global-average-pooled features) and {@code image_embeds} (the same, L2-normalised:
 * what {@code c4j embed --images} gives). The graph is {@link SmallResNet}'s: a 3x3 stem, basic
 * residual blocks, batch norm in inference mode (running statistics, epsilon 1e-5 as DJL's).
 */
public final class OnnxImageExport {
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private OnnxImageExport() {}

    public static byte[] export(ImageEncoder encoder) {
        SmallResNet.Config c = encoder.config();
        int[] shape = encoder.inputShape();
        OnnxGraph g = new OnnxGraph();
        g.input("pixel_values", OnnxGraph.FLOAT, "batch_size", shape[0], shape[1], shape[2]);
        Iterator<java.util.Map.Entry<String, Parameter>> params = encoder.parameters().entrySet().iterator();
        String x = g.op("Relu", "/stem/Relu", batchNorm(g, params, "/stem/BatchNorm",
                conv(g, params, "/stem/Conv", "pixel_values", 3, 1)));
        int in = c.stemWidth();
        int block = 0;
        for (int stage = 0; stage < c.widths().length; stage++) {
            for (int b = 0; b < c.blocksPerStage(); b++) {
                int out = c.widths()[stage];
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String n = "/block." + block++ + "/";
                String r = g.op("Relu", n + "Relu", batchNorm(g, params, n + "BatchNorm", conv(g, params, n + "Conv", x, 3, stride)));
                r = batchNorm(g, params, n + "BatchNorm_1", conv(g, params, n + "Conv_1", r, 3, 1));
                String shortcut = in == out && stride == 1 ? x
                        : batchNorm(g, params, n + "shortcut/BatchNorm", conv(g, params, n + "shortcut/Conv", x, 1, stride));
                x = g.op("Relu", n + "Relu_1", g.op("Add", n + "Add", r, shortcut));
                in = out;
            }
        }
        if (params.hasNext()) {
            throw new IllegalStateException("the encoder has parameters the graph did not use, first " + params.next().getKey());
        }
        g.op("Flatten", "/pool/Flatten", new Attr[] {Attr.i("axis", 1)}, g.op("GlobalAveragePool", "/pool/GlobalAveragePool", x));
        g.renameLastOutput("representation");
        g.l2Normalize("representation");
        g.renameLastOutput("image_embeds");
        g.output("representation", OnnxGraph.FLOAT, "batch_size", c.outputSize());
        g.output("image_embeds", OnnxGraph.FLOAT, "batch_size", c.outputSize());
        g.proto().setName("contrastive4j-image-encoder");
        return OnnxExport.model(g);
    }

    private static Parameter take(Iterator<java.util.Map.Entry<String, Parameter>> params, String suffix) {
        java.util.Map.Entry<String, Parameter> e = params.next();
        if (!e.getKey().endsWith(suffix)) {
            throw new IllegalStateException("expected a parameter ending in " + suffix + ", found " + e.getKey());
        }
        return e.getValue();
    }

    private static String conv(OnnxGraph g, Iterator<java.util.Map.Entry<String, Parameter>> params, String name, String x,
                               int kernel, int stride) {
        Parameter w = take(params, "weight");
        String weight = g.weight(name.substring(1).replace('/', '.') + ".weight", w.getArray().getShape().getShape(),
                w.getArray().toFloatArray());
        int pad = kernel / 2;
        return g.op("Conv", name, new Attr[] {Attr.ints("kernel_shape", kernel, kernel), Attr.ints("strides", stride, stride),
            Attr.ints("pads", pad, pad, pad, pad)}, x, weight);
    }

    private static String batchNorm(OnnxGraph g, Iterator<java.util.Map.Entry<String, Parameter>> params, String name, String x) {
        String prefix = name.substring(1).replace('/', '.');
        String[] inputs = new String[5];
        inputs[0] = x;
        String[] parts = {"gamma", "beta", "runningMean", "runningVar"};
        String[] onnxNames = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < 4; i++) {
            Parameter p = take(params, parts[i]);
            inputs[i + 1] = g.weight(prefix + "." + onnxNames[i], p.getArray().getShape().getShape(), p.getArray().toFloatArray());
        }
        return g.op("BatchNormalization", name, new Attr[] {Attr.f("epsilon", BATCH_NORM_EPSILON)}, inputs);
    }
}
