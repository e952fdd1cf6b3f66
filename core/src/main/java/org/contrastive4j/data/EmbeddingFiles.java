package org.contrastive4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;
import org.contrastive4j.tensor.Rows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipInputStream;

/**
 * Writes embeddings [n][d] as NumPy {@code .npy} (float32, C order), {@code .safetensors}
 * (tensor "embeddings") or {@code .jsonl} (line, text, embedding). The file is written beside
 * its target and renamed into place, so a failure never leaves half a file.
 */
public final class EmbeddingFiles {
    private EmbeddingFiles() {}

    public static void write(Path output, float[][] embeddings, List<TextRecords.Text> texts) throws IOException {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy") && !name.endsWith(".safetensors") && !name.endsWith(".jsonl")) {
            throw new InvalidInputException("output " + output + " must end in .npy, .safetensors or .jsonl");
        }
        SafeFiles.write(output, out -> {
            if (name.endsWith(".npy")) {
                out.write(npy(embeddings));
            } else if (name.endsWith(".safetensors")) {
                try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
                    NDArray a = Rows.of(manager, embeddings);
                    a.setName("embeddings");
                    new NDList(a).encode(out, NDList.Encoding.SAFETENSORS);
                }
            } else {
                writeJsonl(out, embeddings, texts);
            }
        });
    }

    /**
     * Embeddings read back, with their texts and source line numbers when the file carries them
     * (JSONL from c4j embed); null otherwise.
     */
    public record Read(float[][] vectors, List<String> texts, List<Integer> lines) {}

    /** Reads what {@link #write} writes: .npy, .safetensors (first tensor) or .jsonl ("embedding", optional "text"). */
    public static Read read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("embeddings file " + file + " does not exist");
        }
        if (name.endsWith(".jsonl")) {
            return readJsonl(file);
        }
        if (!name.endsWith(".npy") && !name.endsWith(".safetensors")) {
            throw new InvalidInputException("embeddings file " + file + " must end in .npy, .safetensors or .jsonl");
        }
        if (name.endsWith(".safetensors")) {
            return readSafetensors(file);
        }
        checkNpyHeader(file);
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager(); java.io.InputStream in = Files.newInputStream(file)) {
            NDArray a = NDList.decode(manager, new java.io.BufferedInputStream(in)).get(0);
            int n = Math.toIntExact(a.getShape().get(0));
            int d = Math.toIntExact(a.getShape().get(1));
            float[] flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            return new Read(rows(flat, n, d), null, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException("cannot read embeddings from " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[][] rows(float[] flat, int n, int d) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return rows;
    }

    private static Read readSafetensors(Path file) {
        var tensors = org.contrastive4j.encoder.Safetensors.read(file);
        if (tensors.isEmpty()) {
            throw new InvalidInputException("embeddings file " + file + " holds no tensor");
        }
        var t = tensors.values().iterator().next();
        if (t.shape().length != 2) {
            throw new InvalidInputException("embeddings file " + file + " holds an array of shape " + java.util.Arrays.toString(t.shape())
                    + "; expected [n][d]");
        }
        return new Read(rows(t.values(), (int) t.shape()[0], (int) t.shape()[1]), null, null);
    }

    private static final java.util.regex.Pattern NPY_HEADER = java.util.regex.Pattern.compile(
            "\\{'descr': *'(<)(f4|f8|f2)', *'fortran_order': *False, *'shape': *\\(([0-9]{1,10}), *([0-9]{1,10}),? *\\), *\\} *\\n?");

    /**
     * The .npy header (magic, version, a float [n][d] array in C order) and the file's length
     * against what the header declares, checked before DJL decodes it, so that a few bytes
     * declaring a huge array are an error, not an allocation.
     */
    private static void checkNpyHeader(Path file) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(8);
            if (magic.length < 8 || (magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("NUMPY")) {
                throw new InvalidInputException("embeddings file " + file + " is not a .npy file (it lacks the \\x93NUMPY magic)");
            }
            int major = magic[6];
            long headerLength;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new InvalidInputException("embeddings file " + file + " is .npy version " + major + "; versions 1 to 3 are read");
            }
            long dataStart = 8 + (major == 1 ? 2 : 4) + headerLength;
            long size = Files.size(file);
            if (dataStart > size) {
                throw new InvalidInputException("embeddings file " + file + " is truncated inside its .npy header");
            }
            String header = new String(in.readNBytes((int) headerLength), java.nio.charset.StandardCharsets.ISO_8859_1).strip();
            var m = NPY_HEADER.matcher(header + "\n");
            if (!m.matches()) {
                throw new InvalidInputException("embeddings file " + file + " has the .npy header " + header
                        + "; expected a little-endian float array of shape (n, d) in C order");
            }
            long n = Long.parseLong(m.group(3));
            long d = Long.parseLong(m.group(4));
            long width = Long.parseLong(m.group(2).substring(1));
            if (n * d > Integer.MAX_VALUE - 8 || dataStart + n * d * width != size) {
                throw new InvalidInputException("embeddings file " + file + " declares " + n + " x " + d + " values of " + width
                        + " bytes, but holds " + (size - dataStart) + " bytes of data");
            }
            if (n == 0 || d == 0) {
                throw new InvalidInputException("embeddings file " + file + " holds no embedding (shape " + n + " x " + d + ")");
            }
        } catch (java.io.EOFException e) {
            throw new InvalidInputException("embeddings file " + file + " is truncated inside its .npy header");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read embeddings from " + file + ": " + e.getMessage(), e);
        }
    }

    private static Read readJsonl(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<float[]> rows = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        List<Integer> lines = new java.util.ArrayList<>();
        int line = 0;
        try {
            for (String raw : Files.readAllLines(file)) {
                line++;
                if (raw.isBlank()) {
                    continue;
                }
                com.fasterxml.jackson.databind.JsonNode node = json.readTree(raw);
                com.fasterxml.jackson.databind.JsonNode e = node == null ? null : node.get("embedding");
                if (e == null || !e.isArray() || e.isEmpty()) {
                    throw new InvalidInputException(file + ":" + line + ": no \"embedding\" array");
                }
                float[] v = new float[e.size()];
                for (int i = 0; i < v.length; i++) {
                    if (!e.get(i).isNumber()) {
                        throw new InvalidInputException(file + ":" + line + ": embedding[" + i + "] is not a number");
                    }
                    v[i] = (float) e.get(i).asDouble();
                }
                if (!rows.isEmpty() && v.length != rows.get(0).length) {
                    throw new InvalidInputException(file + ":" + line + ": embedding has " + v.length + " dimensions, the first had "
                            + rows.get(0).length);
                }
                rows.add(v);
                texts.add(node.path("text").asText(null));
                lines.add(node.path("line").canConvertToInt() ? node.path("line").asInt() : null);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(file + ":" + line + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("embeddings file " + file + " holds no embedding");
        }
        return new Read(rows.toArray(new float[0][]), texts.stream().allMatch(java.util.Objects::nonNull) ? texts : null,
                lines.stream().allMatch(java.util.Objects::nonNull) ? lines : null);
    }

    /** The bytes of a .npy file, written by DJL's NumPy encoder (it writes .npz; we take its one entry). */
    public static byte[] npy(float[][] embeddings) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager()) {
            new NDList(Rows.of(manager, embeddings)).encode(npz, NDList.Encoding.NPZ);
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz.toByteArray()))) {
            if (zip.getNextEntry() == null) {
                throw new IOException("DJL's NPZ encoder wrote no entry");
            }
            return zip.readAllBytes();
        }
    }

    private static void writeJsonl(OutputStream out, float[][] embeddings, List<TextRecords.Text> texts) throws IOException {
        ObjectMapper json = new ObjectMapper();
        json.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        for (int i = 0; i < embeddings.length; i++) {
            var node = json.createObjectNode();
            if (texts != null) {
                node.put("line", texts.get(i).line()).put("text", texts.get(i).text());
            }
            var array = node.putArray("embedding");
            for (float v : embeddings[i]) {
                array.add(v);
            }
            out.write(json.writeValueAsBytes(node));
            out.write('\n');
        }
    }
}
