package org.contrastive4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path tmp = output.resolveSibling("." + output.getFileName() + ".tmp");
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            if (name.endsWith(".npy")) {
                out.write(npy(embeddings));
            } else if (name.endsWith(".safetensors")) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray a = matrix(manager, embeddings);
                    a.setName("embeddings");
                    new NDList(a).encode(out, NDList.Encoding.SAFETENSORS);
                }
            } else if (name.endsWith(".jsonl")) {
                writeJsonl(out, embeddings, texts);
            } else {
                throw new InvalidInputException("output " + output + " must end in .npy, .safetensors or .jsonl");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The bytes of a .npy file, written by DJL's NumPy encoder (it writes .npz; we take its one entry). */
    public static byte[] npy(float[][] embeddings) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager()) {
            new NDList(matrix(manager, embeddings)).encode(npz, NDList.Encoding.NPZ);
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz.toByteArray()))) {
            if (zip.getNextEntry() == null) {
                throw new IOException("DJL's NPZ encoder wrote no entry");
            }
            return zip.readAllBytes();
        }
    }

    private static NDArray matrix(NDManager manager, float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(rows.length, d));
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
