package org.contrastive4j.encoder.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.BertEncoder;
import org.contrastive4j.encoder.Safetensors.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The float weights of an ONNX model, by PyTorch parameter name. Exporters name most
 * initializers after the parameter ({@code encoder.layer.0.attention.self.query.bias}) but
 * give the weights of MatMul nodes anonymous names ({@code onnx::MatMul_1234}); those are
 * renamed after the node that reads them: the MatMul node
 * {@code /encoder/layer.0/attention/self/query/MatMul} makes its weight
 * {@code encoder.layer.0.attention.self.query.weight}. MatMul weights stay as stored,
 * [in][out] (the transpose of PyTorch's Linear weight), ready for {@code x W}.
 */
public final class OnnxWeights {
    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int MAX_MESSAGE = Integer.MAX_VALUE;

    private OnnxWeights() {}

    /** Reads every float initializer; {@code source} names the model in error messages. */
    public static Map<String, Tensor> read(InputStream in, String source) {
        OnnxWeightsProto.Model model;
        try {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(MAX_MESSAGE);
            model = OnnxWeightsProto.Model.parseFrom(coded);
        } catch (IOException | RuntimeException e) {
            // protobuf-java reports some malformed varints as ArrayIndexOutOfBoundsException (found by OnnxWeightsFuzzTest)
            throw new InvalidInputException("cannot read the ONNX model " + source + ": " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
            throw new InvalidInputException("ONNX model " + source + " holds no weights (no graph initializers)");
        }
        Map<String, String> matMulWeightNames = new LinkedHashMap<>();
        for (OnnxWeightsProto.Node node : model.getGraph().getNodeList()) {
            if ("MatMul".equals(node.getOpType()) && node.getInputCount() == 2 && node.getName().endsWith("/MatMul")) {
                String layer = node.getName().substring(1, node.getName().length() - "/MatMul".length()).replace('/', '.');
                matMulWeightNames.put(node.getInput(1), layer + ".weight");
            }
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        int quantised = 0;
        for (OnnxWeightsProto.Tensor t : model.getGraph().getInitializerList()) {
            if (t.getDataType() == INT8 || t.getDataType() == UINT8) {
                quantised++;
            }
            if (t.getDataType() != FLOAT) {
                continue;
            }
            String name = matMulWeightNames.getOrDefault(t.getName(), t.getName());
            long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            float[] values = floats(t);
            long count = 1;
            boolean valid = true;
            for (long d : dims) {
                valid &= d >= 0 && (d == 0 || count <= Integer.MAX_VALUE / d);
                count = valid ? count * d : 0;
            }
            if (!valid || count != values.length) {
                throw new InvalidInputException("ONNX model " + source + ": initializer '" + t.getName() + "' declares dims "
                        + java.util.Arrays.toString(dims) + " but holds " + values.length + " floats");
            }
            weights.put(name, new Tensor(dims, values));
        }
        if (quantised > 0 && weights.keySet().stream().noneMatch(BertEncoder::isLinearWeight)) {
            throw new InvalidInputException("ONNX model " + source + " is quantised (" + quantised + " int8 initializers, its "
                    + "MatMul weights are not float32): contrastive4j imports float32 exports; use the model's unquantised ONNX file");
        }
        return weights;
    }

    private static float[] floats(OnnxWeightsProto.Tensor t) {
        if (t.getFloatDataCount() > 0) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        ByteString raw = t.getRawData();
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[raw.size() / Float.BYTES];
        buffer.asFloatBuffer().get(v);
        return v;
    }
}
