package org.contrastive4j.cli;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.contrastive4j.index.VectorIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** c4j index build and c4j embed killed with SIGKILL: the index keeps its last commit, embed leaves no output file. */
class KillOutputsTest {
    @TempDir
    Path dir;

    @Test
    void indexBuildKilledWhileWritingKeepsThePreviousIndex() throws Exception {
        Path first = texts("first.txt", 50);
        Path more = texts("more.txt", 400);
        Path index = dir.resolve("index");
        C4jProcess build = C4jProcess.start(dir, "build", List.of("index", "build", "--input", first.toString(), "--index", index.toString()));
        assertEquals(0, build.waitFor(300), build.stderr());

        C4jProcess add = C4jProcess.start(dir, "add", List.of("index", "build", "--input", more.toString(), "--index", index.toString()));
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            index.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            boolean writing = false;
            while (!writing && add.alive()) {
                var key = watch.poll(20, TimeUnit.MILLISECONDS);
                if (key != null) {
                    writing = key.pollEvents().stream().anyMatch(e -> !e.context().toString().equals("write.lock"));
                    key.reset();
                }
            }
            assertTrue(add.alive(), "the build ended before it wrote: " + add.stderr());
            add.kill();
        }
        try (VectorIndex opened = VectorIndex.open(index)) {
            assertEquals(50, opened.size(), "the previous commit, whole");
        }
        C4jProcess search = C4jProcess.start(dir, "search", List.of("search", "--index", index.toString(), "first.txt text number 7"));
        assertEquals(0, search.waitFor(300), search.stderr());
        assertTrue(Files.readString(dir.resolve("search.stdout")).contains("text number 7"), Files.readString(dir.resolve("search.stdout")));
    }

    @Test
    void embedKilledLeavesNoOutputFile() throws Exception {
        Path input = texts("texts.txt", 50_000);
        Path out = dir.resolve("vectors.npy");
        C4jProcess embed = C4jProcess.start(dir, "embed", List.of("embed", "--input", input.toString(), "--output", out.toString(),
                "--no-progress"));
        Thread.sleep(8000 + new java.util.Random(7).nextInt(4000)); // model loaded, some of the 50,000 texts embedded
        assertTrue(embed.alive(), "embed ended before it could be killed: " + embed.stderr());
        embed.kill();
        assertFalse(Files.exists(out), "a killed embed left " + out);
    }

    private Path texts(String name, int n) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, IntStream.range(0, n).mapToObj(i -> name + " text number " + i).collect(Collectors.joining("\n")) + "\n");
        return f;
    }
}
