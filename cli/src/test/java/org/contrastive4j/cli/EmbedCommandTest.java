package org.contrastive4j.cli;

import org.contrastive4j.testing.Required;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code c4j embed} end to end: the .npy loads in NumPy with the right shape and dtype. */
class EmbedCommandTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void npyOutputLoadsInNumpy() throws Exception {
        Path in = dir.resolve("texts.txt");
        Files.writeString(in, "a crocheted or knitted garment\n\nthe upper part of the body\na small dog\n");
        Path out = dir.resolve("emb.npy");
        CliRun run = CliRun.of("embed", "--input", in.toString(), "--output", out.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("skipped 1 blank line(s): 2"), run.err());

        Required.present(Files.isExecutable(Path.of(PYTHON)), "Debian python3 (package python3-numpy)");
        Process p = new ProcessBuilder(PYTHON, "-c", "import numpy as n; a = n.load('" + out + "'); "
                + "print(a.shape, a.dtype, round(float(n.linalg.norm(a[1])), 4))").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes()).strip();
        Required.present(!printed.contains("No module named"), "NumPy (package python3-numpy)");
        assertEquals(0, p.waitFor(), printed);
        assertEquals("(3, 384) float32 1.0", printed);

        Path truncated = dir.resolve("emb64.npy");
        CliRun short64 = CliRun.of("embed", "--input", in.toString(), "--output", truncated.toString(), "--dimensions", "64", "--no-progress");
        assertEquals(0, short64.exitCode(), short64.err());
        Process q = new ProcessBuilder(PYTHON, "-c", "import numpy as n; a = n.load('" + out + "'); b = n.load('" + truncated + "'); "
                + "p = a[:, :64] / n.linalg.norm(a[:, :64], axis=1, keepdims=True); "
                + "print(b.shape, round(float(n.linalg.norm(b[1])), 4), float(n.abs(b - p).max()) < 1e-6)").redirectErrorStream(true).start();
        String truncatedPrinted = new String(q.getInputStream().readAllBytes()).strip();
        assertEquals(0, q.waitFor(), truncatedPrinted);
        assertEquals("(3, 64) 1.0 True", truncatedPrinted, "the first 64 dimensions, re-normalised");
        CliRun.of("embed", "--input", in.toString(), "--output", dir.resolve("e999.npy").toString(), "--dimensions", "999")
                .assertOneLineError("--dimensions must be between 1 and the model's 384, got 999");
    }

    @Test
    void bf16EmbeddingsAreCloseAndTheNextCommandIsFloat32Again() throws IOException {
        Path in = dir.resolve("texts.txt");
        Files.writeString(in, "a crocheted or knitted garment\nthe upper part of the body\na small dog barking at the postman\n");
        float[][][] got = new float[3][][];
        String[][] flags = {{}, {"--precision", "bf16"}, {}};
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("e" + i + ".npy");
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("embed", "--input", in.toString(), "--output",
                    out.toString(), "--no-progress"));
            args.addAll(java.util.List.of(flags[i]));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            got[i] = org.contrastive4j.data.EmbeddingFiles.read(out).vectors();
        }
        for (int t = 0; t < 3; t++) {
            double cos = org.contrastive4j.tensor.Vectors.cosine(got[0][t], got[1][t]);
            if (org.contrastive4j.precision.Precision.cpuHasBf16()) {
                assertTrue(cos > 0.999 && cos < 1 - 1e-9, "text " + t + ": cosine of bf16 and float32 " + cos);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(got[0][t], got[2][t], "float32 again after a bf16 command");
        }
        CliRun bad = CliRun.of("embed", "--precision", "fp8", "--input", in.toString(), "--output", dir.resolve("x.npy").toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().strip().lines().count() == 1 && bad.err().contains("'fp8' is not fp32, bf16 or auto"), bad.err());
    }

    @Test
    void jsonlAndSafetensorsOutputsAndBadInput() throws IOException {
        Path in = dir.resolve("texts.jsonl");
        Files.writeString(in, "{\"q\": \"hello\"}\n{\"q\": \"world\"}\n");
        Path out = dir.resolve("e.jsonl");
        CliRun run = CliRun.of("embed", "--input", in.toString(), "--field", "q", "--output", out.toString(), "--no-progress");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, Files.readAllLines(out).size());
        assertTrue(Files.readAllLines(out).get(1).startsWith("{\"line\":2,\"text\":\"world\",\"embedding\":["));

        CliRun missing = CliRun.of("embed", "--input", in.toString(), "--output", dir.resolve("x.npy").toString(), "--no-progress");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().strip().endsWith("texts.jsonl:1: no field 'text' (choose it with --field)"), missing.err());
        CliRun badOut = CliRun.of("embed", "--input", in.toString(), "--field", "q", "--output", dir.resolve("x.csv").toString(),
                "--no-progress");
        assertEquals(1, badOut.exitCode());
        assertTrue(badOut.err().contains("must end in .npy, .safetensors or .jsonl"), badOut.err());
        assertTrue(!Files.exists(dir.resolve("x.csv")) && !Files.exists(dir.resolve(".x.csv.tmp")), "nothing half-written");
    }
}
