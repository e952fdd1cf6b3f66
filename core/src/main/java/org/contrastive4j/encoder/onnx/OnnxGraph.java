package org.contrastive4j.encoder.onnx;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds an ONNX graph node by node: each call adds one node and returns the name of its output,
 * so that a network reads as the expression it computes. Names of nodes and intermediate values
 * follow the PyTorch exporter's ({@code /encoder/layer.0/attention/self/query/MatMul}), which is
 * also what {@link OnnxWeights} reads back.
 */
final class OnnxGraph {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private final OnnxWeightsProto.Graph.Builder graph = OnnxWeightsProto.Graph.newBuilder();
    private int constants;

    OnnxWeightsProto.Graph.Builder proto() {
        return graph;
    }

    /** A float initializer; returns its name. */
    String weight(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        OnnxWeightsProto.Tensor.Builder t = OnnxWeightsProto.Tensor.newBuilder().setName(name).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant (a 1-D tensor, or a scalar when {@code scalar}); returns its name. */
    String ints(boolean scalar, long... values) {
        String name = "/constants/int64_" + constants++;
        OnnxWeightsProto.Tensor.Builder t = OnnxWeightsProto.Tensor.newBuilder().setName(name).setDataType(INT64);
        if (!scalar) {
            t.addDims(values.length);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A float scalar constant; returns its name. */
    String scalar(float value) {
        String name = "/constants/float_" + constants++;
        graph.addInitializer(OnnxWeightsProto.Tensor.newBuilder().setName(name).setDataType(FLOAT).addFloatData(value));
        return name;
    }

    /** A node {@code op} named {@code name}, output {@code name + "_output_0"}. */
    String op(String op, String name, String... inputs) {
        return op(op, name, null, inputs);
    }

    String op(String op, String name, Attr[] attrs, String... inputs) {
        String out = name + "_output_0";
        OnnxWeightsProto.Node.Builder n = OnnxWeightsProto.Node.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        if (attrs != null) {
            for (Attr a : attrs) {
                n.addAttribute(a.proto());
            }
        }
        graph.addNode(n);
        return out;
    }

    /** {@code x / max(||x||, 1e-12)} along axis 1, as F.normalize and DJL's normalize. */
    String l2Normalize(String x) {
        String norm = op("Sqrt", "/normalize/Sqrt", op("ReduceSum", "/normalize/ReduceSum", new Attr[] {Attr.i("keepdims", 1)},
                op("Mul", "/normalize/Mul", x, x), ints(false, 1)));
        return op("Div", "/normalize/Div", x, op("Max", "/normalize/Max", norm, scalar(1e-12f)));
    }

    /** Renames the last node's output (graph outputs carry their public names). */
    void renameLastOutput(String name) {
        int last = graph.getNodeCount() - 1;
        graph.setNode(last, graph.getNode(last).toBuilder().setOutput(0, name));
    }

    void input(String name, int elemType, Object... dims) {
        graph.addInput(valueInfo(name, elemType, dims));
    }

    void output(String name, int elemType, Object... dims) {
        graph.addOutput(valueInfo(name, elemType, dims));
    }

    private static OnnxWeightsProto.ValueInfo valueInfo(String name, int elemType, Object... dims) {
        OnnxWeightsProto.Shape.Builder shape = OnnxWeightsProto.Shape.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? OnnxWeightsProto.Dimension.newBuilder().setDimParam(s)
                    : OnnxWeightsProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return OnnxWeightsProto.ValueInfo.newBuilder().setName(name).setType(OnnxWeightsProto.Type.newBuilder()
                .setTensorType(OnnxWeightsProto.TensorType.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** A node attribute. */
    record Attr(OnnxWeightsProto.Attribute proto) {
        static Attr i(String name, long v) {
            return new Attr(OnnxWeightsProto.Attribute.newBuilder().setName(name).setType(2).setI(v).build());
        }

        static Attr f(String name, float v) {
            return new Attr(OnnxWeightsProto.Attribute.newBuilder().setName(name).setType(1).setF(v).build());
        }

        static Attr ints(String name, long... v) {
            OnnxWeightsProto.Attribute.Builder a = OnnxWeightsProto.Attribute.newBuilder().setName(name).setType(7);
            for (long x : v) {
                a.addInts(x);
            }
            return new Attr(a.build());
        }
    }
}
