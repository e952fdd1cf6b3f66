package org.contrastive4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import org.contrastive4j.data.ImageFiles;

/** A directory holding one image file of any bytes, under each extension the readers take (ImageIO decodes it). */
class ImageFilesFuzzTest {
    private static final String[] NAMES = {"a.png", "a.jpg", "a.bmp", "a.gif"};

    @FuzzTest
    void images(FuzzedDataProvider in) throws IOException {
        var dir = Fuzzing.dir().resolve("images");
        if (Files.isDirectory(dir)) {
            try (var old = Files.list(dir)) {
                for (var p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Fuzzing.file("images/" + in.pickValue(NAMES), in.consumeRemainingAsBytes());
        Fuzzing.expectReadOrInvalidInput(() -> ImageFiles.read(dir, 28, 1));
    }
}
