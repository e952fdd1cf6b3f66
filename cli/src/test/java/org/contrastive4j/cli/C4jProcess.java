package org.contrastive4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code c4j} as users run it: a separate JVM on the test class path, started with
 * the settings {@code ./c4j} passes (offline DJL, 2 threads), its output into files beside the
 * run, so that it can be killed with SIGKILL like the OOM killer or a pre-empted node does.
 */
final class C4jProcess {
    private final Process process;
    private final Path stderr;

    private C4jProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static C4jProcess start(Path logDir, String name, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-XX:ErrorFile=" + logDir.resolve(name + "-hs_err.log"), Main.class.getName()));
        command.addAll(args);
        Files.createDirectories(logDir);
        Path err = logDir.resolve(name + ".stderr");
        Process p = new ProcessBuilder(command).redirectOutput(logDir.resolve(name + ".stdout").toFile())
                .redirectError(err.toFile()).start();
        return new C4jProcess(p, err);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (Process.destroyForcibly is SIGKILL on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (Process.destroy on Linux), as {@code kill} or a scheduler sends it; does not wait. */
    void terminate() {
        process.destroy();
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("c4j did not finish in " + seconds + " s");
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }
}
