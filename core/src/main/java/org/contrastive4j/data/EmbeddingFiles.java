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
        try (NDManager manager = org.contrastive4j.tensor.Devices.newManager(); java.io.InputStream in = Files.newInputStream(file)) {
            NDArray a = NDList.decode(manager, new java.io.BufferedInputStream(in)).get(0);
            if (a.getShape().dimension() != 2) {
                throw new InvalidInputException("embeddings file " + file + " holds an array of shape " + a.getShape()
                        + "; expected [n][d]");
            }
            int n = Math.toIntExact(a.getShape().get(0));
            int d = Math.toIntExact(a.getShape().get(1));
            float[] flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return new Read(rows, null, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
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
