package org.contrastive4j.precision;

import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The number format of an encoder's matrix products. {@code FP32} everywhere, or {@code BF16}:
 * matrix products and convolutions on the CPU's bfloat16 units (float32 in and out, through
 * {@link Bf16Kernels}), everything else (norms, softmax, activations, losses, reductions, weights and
 * optimizer state) in float32, as PyTorch's {@code torch.autocast("cpu", dtype=torch.bfloat16)}.
 */
public enum Precision {
    FP32, BF16;

    /** The CPU flags that mean bfloat16 products run on hardware (AVX512-BF16 or AMX). */
    private static final String[] BF16_FLAGS = {"avx512_bf16", "amx_bf16"};

    private static volatile Precision processDefault = FP32;

    /** The precision encoders built from now on start with (the command line's --precision); FP32 unless set. */
    public static Precision processDefault() {
        return processDefault;
    }

    public static void setProcessDefault(Precision precision) {
        processDefault = precision;
    }

    /** {@code fp32}, {@code bf16} or {@code auto} (bf16 where the CPU has bf16 units, else fp32). */
    public static Precision parse(String text, String what) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            case "auto" -> cpuHasBf16() ? BF16 : FP32;
            default -> throw new InvalidInputException(what + " must be fp32, bf16 or auto, got '" + text + "'");
        };
    }

    /**
     * {@code requested}, or FP32 with one line to {@code notice} when bf16 is asked for on a CPU
     * without bf16 units (libtorch would emulate it, slower than float32).
     */
    public static Precision available(Precision requested, Consumer<String> notice) {
        if (requested == BF16 && !cpuHasBf16()) {
            notice.accept("bf16 asked for, but this CPU has no bf16 units (no avx512_bf16 or amx_bf16 in /proc/cpuinfo): running in fp32");
            return FP32;
        }
        return requested;
    }

    /** Whether /proc/cpuinfo lists a bf16 flag (false where it cannot be read). */
    public static boolean cpuHasBf16() {
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            for (String line : flags.split("\n")) {
                if (line.startsWith("flags")) {
                    for (String f : BF16_FLAGS) {
                        if ((" " + line + " ").contains(" " + f + " ")) {
                            return true;
                        }
                    }
                    return false;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
