package org.contrastive4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafeFilesTest {
    @TempDir
    Path dir;

    @Test
    void pathsFromFilesStayInsideTheirDirectory() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        assertEquals(model.resolve("1_Pooling"), SafeFiles.inside(model, "1_Pooling", "modules.json: the module path"));
        assertEquals(model.resolve("a"), SafeFiles.inside(model, "./x/../a", "m"));
        for (String escape : new String[] {"..", "../other", "/etc", "a/../../b"}) {
            messageContains(assertThrows(InvalidInputException.class, () -> SafeFiles.inside(model, escape, "modules.json: the module path")),
                    "modules.json", escape, "leads outside");
        }
        Files.createSymbolicLink(model.resolve("link"), dir);
        messageContains(assertThrows(InvalidInputException.class, () -> SafeFiles.inside(model, "link", "manifest")), "leads outside");
        messageContains(assertThrows(InvalidInputException.class, () -> SafeFiles.inside(model, "a\0b", "manifest")), "NUL");
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryOne() throws IOException {
        Path target = dir.resolve("results.json");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> SafeFiles.write(target, out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        messageContains(e, target.toString(), "No space left on device");
        assertEquals("old", Files.readString(target));
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".")));
        }
        SafeFiles.write(target, out -> new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out, java.util.Map.of("a", 1)));
        assertEquals("{\"a\":1}", Files.readString(target), "a writer that closes its stream (Jackson) still completes the file");
    }
}
