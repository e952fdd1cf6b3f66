package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a UTF-8 text file (LF or CRLF), decoded strictly: a byte sequence that is not
 * UTF-8 is an error naming the file and line, where Java's readers would either replace it
 * silently or fail without saying where.
 */
public final class Utf8Lines {
    private Utf8Lines() {}

    /** Every line, blank ones included, in order; {@code what} names the file in errors ("training data"). */
    public static List<String> read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " file " + file + ": " + e.getMessage());
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            try {
                lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
            } catch (CharacterCodingException e) {
                throw new InvalidInputException(file + ":" + (lines.size() + 1) + ": invalid UTF-8");
            }
            start = end + 1;
        }
        return lines;
    }
}
