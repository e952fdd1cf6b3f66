package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextRecordsTest {
    @TempDir
    Path dir;

    @Test
    void plainTextSkipsAndCountsBlankLines() throws IOException {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, "alpha\n\n  \nbeta\r\ngamma");
        TextRecords.Loaded loaded = TextRecords.read(f, "text");
        assertEquals(List.of("alpha", "beta", "gamma"), loaded.strings());
        assertEquals(List.of(2, 3), loaded.skippedLines());
        assertEquals(4, loaded.texts().get(1).line());
    }

    @Test
    void jsonlReadsTheFieldAndNamesBadLines() throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(f, "{\"text\": \"one\"}\n{\"body\": \"two\"}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> TextRecords.read(f, "text")), "in.jsonl:2", "no field 'text'");
        Path body = dir.resolve("body.jsonl");
        Files.writeString(body, "{\"body\": \"two\", \"id\": 7}\n");
        assertEquals(List.of("two"), TextRecords.read(body, "body").strings());
        Files.writeString(f, "{\"text\": \"one\"}\n{\"text\": oops}\n");
        messageContains(assertThrows(InvalidInputException.class, () -> TextRecords.read(f, "text")), "in.jsonl:2", "not valid JSON");
    }

    @Test
    void invalidUtf8AndMissingFilesAreNamed() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.write(f, new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        messageContains(assertThrows(InvalidInputException.class, () -> TextRecords.read(f, "text")), "bad.txt:2", "invalid UTF-8");
        messageContains(assertThrows(InvalidInputException.class, () -> TextRecords.read(dir.resolve("none.txt"), "text")), "does not exist");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        messageContains(assertThrows(InvalidInputException.class, () -> TextRecords.read(empty, "text")), "no text", "2 blank");
    }
}
