package org.contrastive4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the CLI in-process: exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A user mistake: exit code 1, one last line holding every part, no stack trace. */
    void assertOneLineError(String... parts) {
        org.junit.jupiter.api.Assertions.assertEquals(1, exitCode, err);
        String last = err.strip().lines().reduce((a, b) -> b).orElse("");
        for (String part : parts) {
            org.junit.jupiter.api.Assertions.assertTrue(last.contains(part), "'" + last + "' lacks '" + part + "'");
        }
        org.junit.jupiter.api.Assertions.assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }
}
