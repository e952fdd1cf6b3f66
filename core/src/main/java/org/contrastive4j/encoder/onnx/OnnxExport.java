package org.contrastive4j.encoder.onnx;

import ai.djl.ndarray.NDArray;
import org.contrastive4j.encoder.BertConfig;
import org.contrastive4j.encoder.DenseLayer;
import org.contrastive4j.encoder.TextModel;
import org.contrastive4j.encoder.onnx.OnnxGraph.Attr;

import java.util.Map;

/**
 * A text model as an ONNX graph (opset 17, IR 8) that ONNX Runtime and transformers.js run:
 * inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} [batch][sequence]
 * (int64, both axes dynamic), outputs {@code last_hidden_state} [batch][sequence][hidden] and
 * {@code sentence_embedding} [batch][dim] (pooled, Dense layers, normalised as the model is).
 * The graph is the one {@link org.contrastive4j.encoder.BertEncoder} computes, operation for
 * operation: GELU as erf, masked keys at float32's most negative value.
 */
public final class OnnxExport {
    public static final int OPSET = 17;

    private OnnxExport() {}

    /** The serialised ONNX model. */
    public static byte[] export(TextModel model) {
        BertConfig c = model.encoder().config();
        Map<String, NDArray> p = model.encoder().parameters();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", OnnxGraph.INT64, "batch_size", "sequence_length");
        g.input("attention_mask", OnnxGraph.INT64, "batch_size", "sequence_length");
        g.input("token_type_ids", OnnxGraph.INT64, "batch_size", "sequence_length");
        p.forEach((name, a) -> g.weight(name, a.getShape().getShape(), a.toFloatArray()));

        String words = g.op("Gather", "/embeddings/word_embeddings/Gather", "embeddings.word_embeddings.weight", "input_ids");
        String length = g.op("Gather", "/embeddings/Gather", new Attr[] {Attr.i("axis", 0)},
                g.op("Shape", "/embeddings/Shape", "input_ids"), g.ints(true, 1));
        String start = g.ints(true, c.positionOffset());
        String positions = g.op("Range", "/embeddings/Range", start, g.op("Add", "/embeddings/Add_positions", length, start),
                g.ints(true, 1));
        String x = g.op("Add", "/embeddings/Add", words,
                g.op("Gather", "/embeddings/position_embeddings/Gather", "embeddings.position_embeddings.weight", positions));
        x = g.op("Add", "/embeddings/Add_1", x,
                g.op("Gather", "/embeddings/token_type_embeddings/Gather", "embeddings.token_type_embeddings.weight", "token_type_ids"));
        x = layerNorm(g, c, x, "/embeddings/LayerNorm", "embeddings.LayerNorm");

        String maskF = g.op("Cast", "/mask/Cast", new Attr[] {Attr.i("to", OnnxGraph.FLOAT)}, "attention_mask");
        String additive = g.op("Unsqueeze", "/mask/Unsqueeze",
                g.op("Mul", "/mask/Mul", g.op("Sub", "/mask/Sub", g.scalar(1f), maskF), g.scalar(-Float.MAX_VALUE)), g.ints(false, 1, 2));
        for (int l = 0; l < c.layers(); l++) {
            x = layer(g, c, x, additive, l);
        }
        g.op("Identity", "/last_hidden_state", x);
        g.renameLastOutput("last_hidden_state");
        x = "last_hidden_state";

        String y = pool(g, c, x, maskF);
        int i = 0;
        for (DenseLayer d : model.dense()) {
            String prefix = "/dense." + i;
            String w = g.weight("dense." + i + ".weight", d.weight().getShape().getShape(), d.weight().toFloatArray());
            y = g.op("MatMul", prefix + "/MatMul", y, w);
            if (d.bias() != null) {
                y = g.op("Add", prefix + "/Add", y, g.weight("dense." + i + ".bias", d.bias().getShape().getShape(),
                        d.bias().toFloatArray()));
            }
            if (d.activation() == DenseLayer.Activation.TANH) {
                y = g.op("Tanh", prefix + "/Tanh", y);
            }
            i++;
        }
        if (c.normalize()) {
            y = g.l2Normalize(y);
        }
        g.op("Identity", "/sentence_embedding", y);
        g.renameLastOutput("sentence_embedding");

        g.output("last_hidden_state", OnnxGraph.FLOAT, "batch_size", "sequence_length", c.hidden());
        g.output("sentence_embedding", OnnxGraph.FLOAT, "batch_size", model.dimension());
        g.proto().setName("contrastive4j");
        return model(g);
    }

    /** The serialised model around {@code g}: IR 8, the default domain at {@link #OPSET}. */
    static byte[] model(OnnxGraph g) {
        return OnnxWeightsProto.Model.newBuilder().setIrVersion(8).setProducerName("contrastive4j").setProducerVersion("0.1.0")
                .addOpsetImport(OnnxWeightsProto.OperatorSetId.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.proto()).build().toByteArray();
    }

    private static String layer(OnnxGraph g, BertConfig c, String x, String additive, int l) {
        String p = "encoder.layer." + l + ".";
        String n = "/encoder/layer." + l + "/";
        String headShape = g.ints(false, 0, 0, c.heads(), c.headSize());
        String q = g.op("Transpose", n + "attention/self/Transpose_q", new Attr[] {Attr.ints("perm", 0, 2, 1, 3)},
                g.op("Reshape", n + "attention/self/Reshape_q", linear(g, x, p + "attention.self.query", n + "attention/self/query"), headShape));
        String k = g.op("Transpose", n + "attention/self/Transpose_k", new Attr[] {Attr.ints("perm", 0, 2, 3, 1)},
                g.op("Reshape", n + "attention/self/Reshape_k", linear(g, x, p + "attention.self.key", n + "attention/self/key"), headShape));
        String v = g.op("Transpose", n + "attention/self/Transpose_v", new Attr[] {Attr.ints("perm", 0, 2, 1, 3)},
                g.op("Reshape", n + "attention/self/Reshape_v", linear(g, x, p + "attention.self.value", n + "attention/self/value"), headShape));
        String scores = g.op("Add", n + "attention/self/Add", g.op("Div", n + "attention/self/Div",
                g.op("MatMul", n + "attention/self/MatMul", q, k), g.scalar((float) Math.sqrt(c.headSize()))), additive);
        String probs = g.op("Softmax", n + "attention/self/Softmax", new Attr[] {Attr.i("axis", -1)}, scores);
        String context = g.op("Reshape", n + "attention/self/Reshape_context",
                g.op("Transpose", n + "attention/self/Transpose_context", new Attr[] {Attr.ints("perm", 0, 2, 1, 3)},
                        g.op("MatMul", n + "attention/self/MatMul_1", probs, v)), g.ints(false, 0, 0, c.hidden()));
        String attended = layerNorm(g, c, g.op("Add", n + "attention/output/Add",
                linear(g, context, p + "attention.output.dense", n + "attention/output/dense"), x),
                n + "attention/output/LayerNorm", p + "attention.output.LayerNorm");
        String inner = linear(g, attended, p + "intermediate.dense", n + "intermediate/dense");
        String act = n + "intermediate/intermediate_act_fn/";
        String gelu = g.op("Mul", act + "Mul_1", g.op("Mul", act + "Mul", inner, g.scalar(0.5f)),
                g.op("Add", act + "Add", g.op("Erf", act + "Erf", g.op("Div", act + "Div", inner, g.scalar((float) Math.sqrt(2)))),
                        g.scalar(1f)));
        return layerNorm(g, c, g.op("Add", n + "output/Add", linear(g, gelu, p + "output.dense", n + "output/dense"), attended),
                n + "output/LayerNorm", p + "output.LayerNorm");
    }

    private static String linear(OnnxGraph g, String x, String weights, String node) {
        return g.op("Add", node + "/Add", g.op("MatMul", node + "/MatMul", x, weights + ".weight"), weights + ".bias");
    }

    private static String layerNorm(OnnxGraph g, BertConfig c, String x, String node, String weights) {
        return g.op("LayerNormalization", node + "/LayerNormalization",
                new Attr[] {Attr.i("axis", -1), Attr.f("epsilon", (float) c.layerNormEps())}, x, weights + ".weight", weights + ".bias");
    }

    private static String pool(OnnxGraph g, BertConfig c, String x, String maskF) {
        if (c.pooling() == BertConfig.Pooling.CLS) {
            return g.op("Gather", "/pooling/Gather", new Attr[] {Attr.i("axis", 1)}, x, g.ints(true, 0));
        }
        String m = g.op("Unsqueeze", "/pooling/Unsqueeze", maskF, g.ints(false, 2));
        Attr[] drop = {Attr.i("keepdims", 0)};
        return switch (c.pooling()) {
            case CLS -> throw new AssertionError("pooled above");
            case MEAN, MEAN_SQRT_LEN -> {
                String axis1 = g.ints(false, 1);
                String sum = g.op("ReduceSum", "/pooling/ReduceSum", drop, g.op("Mul", "/pooling/Mul", x, m), axis1);
                String count = g.op("Max", "/pooling/Max", g.op("ReduceSum", "/pooling/ReduceSum_count", drop, m, axis1), g.scalar(1e-9f));
                yield g.op("Div", "/pooling/Div", sum, c.pooling() == BertConfig.Pooling.MEAN ? count : g.op("Sqrt", "/pooling/Sqrt", count));
            }
            case MAX -> g.op("ReduceMax", "/pooling/ReduceMax", new Attr[] {Attr.ints("axes", 1), Attr.i("keepdims", 0)},
                    g.op("Add", "/pooling/Add", g.op("Mul", "/pooling/Mul", x, m),
                            g.op("Mul", "/pooling/Mul_pad", g.op("Sub", "/pooling/Sub", g.scalar(1f), m), g.scalar(-1e9f))));
            case LAST_TOKEN -> {
                String axis1 = g.ints(false, 1);
                String count = g.op("ReduceSum", "/pooling/ReduceSum_count", new Attr[] {Attr.i("keepdims", 1)}, m, axis1);
                String last = g.op("Mul", "/pooling/Mul_last", g.op("Cast", "/pooling/Cast", new Attr[] {Attr.i("to", OnnxGraph.FLOAT)},
                        g.op("Equal", "/pooling/Equal", g.op("CumSum", "/pooling/CumSum", m, g.ints(true, 1)), count)), m);
                yield g.op("ReduceSum", "/pooling/ReduceSum", drop, g.op("Mul", "/pooling/Mul", x, last), axis1);
            }
        };
    }
}
