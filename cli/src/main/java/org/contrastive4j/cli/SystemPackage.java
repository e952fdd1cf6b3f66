package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.audio.SpeechSynthesizer;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.WordNet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A Debian package that holds a default data set or program of c4j. When a command is about to
 * read the package's default location and the package is missing, c4j installs it first when it
 * runs as root (CI, containers), saying so in one line, and otherwise stops with the exact
 * {@code sudo apt-get install} line. A location the user named is never touched.
 *
 * @param name the Debian package
 * @param what what it holds, for messages
 * @param location the default location commands read (a directory or a program)
 * @param probe a file that exists once the package is installed
 * @param alternative how to do without it (an option naming another location), or empty
 */
record SystemPackage(String name, String what, Path location, Path probe, String alternative) {
    static final SystemPackage FASHION_MNIST = new SystemPackage("dataset-fashion-mnist", "Fashion-MNIST",
            FashionMnist.DEFAULT_DIR, FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"), "--data DIR");
    static final SystemPackage WORDNET = new SystemPackage("wordnet-base", "WordNet 3.0",
            WordNet.DEFAULT_DIR, WordNet.DEFAULT_DIR.resolve("data.noun"), "--wordnet DIR");
    static final SystemPackage ESPEAK_NG = new SystemPackage(SpeechSynthesizer.PROGRAM, "the espeak-ng speech synthesiser",
            Path.of("/usr/bin", SpeechSynthesizer.PROGRAM), Path.of("/usr/bin", SpeechSynthesizer.PROGRAM), "");

    /** Runs {@code apt-get}; replaced in tests. */
    interface Installer {
        /** Installs the package; returns apt-get's exit code and, on failure, its last lines. */
        Result install(String name) throws IOException, InterruptedException;

        record Result(int exitCode, String output) {}
    }

    static final Installer APT_GET = name -> {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "apt-get update -q && apt-get install -y -q " + name)
                .redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        return new Installer.Result(p.waitFor(), String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    };

    /** {@link #ensure(Path, PrintWriter, boolean, Installer)} as this process's user, with apt-get. */
    Path ensure(Path requested, PrintWriter log) {
        return ensure(requested, log, isRoot(), APT_GET);
    }

    /**
     * @param requested the location the command is about to read
     * @return {@code requested}, once the package is there (or at once when it is not the default location)
     */
    Path ensure(Path requested, PrintWriter log, boolean root, Installer installer) {
        if (!requested.equals(location) || Files.exists(probe)) {
            return requested;
        }
        String or = alternative.isEmpty() ? "" : " (or pass " + alternative + ")";
        if (!root) {
            throw new InvalidInputException(what + " is not installed (no " + probe + "); install it with: sudo apt-get install "
                    + name + or);
        }
        log.printf(Locale.ROOT, "c4j: %s is not installed; installing the Debian package %s (apt-get update, apt-get install -y %s) ...%n",
                what, name, name);
        log.flush();
        Installer.Result result;
        try {
            result = installer.install(name);
        } catch (IOException e) {
            throw new InvalidInputException(what + " is not installed and apt-get could not run (" + e.getMessage()
                    + "); install the Debian package " + name + or);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("interrupted while installing " + name);
        }
        if (result.exitCode() != 0 || !Files.exists(probe)) {
            throw new InvalidInputException("installing " + name + " failed (apt-get exit code " + result.exitCode() + "): "
                    + result.output().strip().replace('\n', ' ') + "; install it by hand" + or);
        }
        return requested;
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
