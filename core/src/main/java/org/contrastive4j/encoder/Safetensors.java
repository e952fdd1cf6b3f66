package org.contrastive4j.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hugging Face's safetensors files (an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the data), read into float32 and written as
 * float32 with {@code {"format": "pt"}} metadata, which transformers' loader checks. DJL's own
 * codec writes no metadata and aborts the JVM on a BF16 tensor, so these few lines are ours.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    /** A tensor's shape and its values, row-major. */
    public record Tensor(long[] shape, float[] values) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private Safetensors() {}

    /** Every tensor in {@code file} as float32, in file order; a corrupt or truncated file names itself and what is wrong. */
    public static Map<String, Tensor> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerLength = len.flip().getLong();
            if (headerLength <= 0 || headerLength > Math.min(MAX_HEADER, size - 8)) {
                throw corrupt(file, "its header length " + headerLength + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw corrupt(file, "its header is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            if (root == null || !root.isObject()) {
                throw corrupt(file, "its header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), tensor(ch, file, e.getKey(), e.getValue(), dataStart, size));
            }
            return out;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(FileChannel ch, Path file, String name, JsonNode info, long dataStart, long size)
            throws IOException {
        String dtype = info.path("dtype").asText();
        JsonNode offsets = info.path("data_offsets");
        if (!info.path("shape").isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw corrupt(file, "tensor '" + name + "' lacks a shape or data_offsets");
        }
        long[] shape = new long[info.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = info.path("shape").get(i);
            shape[i] = nonNegative(dim);
            if (shape[i] < 0) {
                throw corrupt(file, "tensor '" + name + "' has a dimension that is not a non-negative integer: " + dim);
            }
            count = count > (Long.MAX_VALUE / 8) / Math.max(1, shape[i]) ? Long.MAX_VALUE / 8 : count * shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw new InvalidInputException(file + ": tensor '" + name + "' is " + dtype
                    + "; contrastive4j reads F32, F16, BF16 and F64 weights (a quantised model is not supported)");
        };
        long begin = nonNegative(offsets.get(0));
        long end = nonNegative(offsets.get(1));
        if (begin < 0 || end < begin || end - begin != count * width || end > size - dataStart) {
            throw corrupt(file, "tensor '" + name + "' (" + dtype + " " + java.util.Arrays.toString(shape)
                    + ") needs bytes " + begin + ".." + end + " of a data section of " + (size - dataStart)
                    + (end > size - dataStart ? " (the file is truncated)" : ""));
        }
        if (count > Integer.MAX_VALUE) {
            throw corrupt(file, "tensor '" + name + "' has " + count + " values, more than one array holds");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, raw, dataStart + begin);
        raw.flip();
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case "F32" -> raw.getFloat();
                case "F64" -> (float) raw.getDouble();
                case "BF16" -> Float.intBitsToFloat((raw.getShort() & 0xffff) << 16);
                default -> halfToFloat(raw.getShort());
            };
        }
        return new Tensor(shape, v);
    }

    /** A JSON integer that fits a long and is not negative, else -1 (a fraction, a string, 1e30 all count as invalid). */
    private static long nonNegative(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0 ? n.asLong() : -1;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign == 0 ? f : -f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    private static InvalidInputException corrupt(Path file, String what) {
        return new InvalidInputException(file + " is not a valid safetensors file: " + what);
    }

    /** Writes {@code tensors} as float32 in the given order, with {@code {"format": "pt"}} metadata, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.size() != t.values().length) {
                throw new IllegalArgumentException(e.getKey() + ": shape " + java.util.Arrays.toString(t.shape())
                        + " does not hold " + t.values().length + " values");
            }
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.putArray("data_offsets").add(offset).add(offset + 4L * t.values().length);
            offset += 4L * t.values().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the data section starts 8-byte aligned, as the reference writer does
        SafeFiles.write(file, out -> {
            OutputStream o = out;
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            o.write(len.array());
            o.write(json);
            for (int i = json.length; i < padded; i++) {
                o.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (float f : t.values()) {
                    if (!chunk.hasRemaining()) {
                        o.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(f);
                }
            }
            o.write(chunk.array(), 0, chunk.position());
            o.flush();
        });
    }

    /** {@code t} transposed: a [rows][cols] matrix becomes [cols][rows]. */
    public static Tensor transpose(Tensor t) {
        if (t.shape().length != 2) {
            throw new IllegalArgumentException("transpose needs a matrix, got shape " + java.util.Arrays.toString(t.shape()));
        }
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] v = t.values();
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }
}
