package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.contrastive4j.testing.Assertions2.messageContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir
    Path dir;

    private void png(Path file, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 10; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void readsClassFoldersAndCountsUnreadableFiles() throws IOException {
        png(dir.resolve("red/a.png"), 0xff0000);
        png(dir.resolve("red/b.png"), 0xff0000);
        png(dir.resolve("blue/c.png"), 0x0000ff);
        Files.writeString(dir.resolve("blue/broken.png"), "not a png");
        ImageFolder.Loaded loaded = ImageFolder.read(dir, 4, 3);
        ImageDataset data = loaded.dataset();
        assertEquals(3, data.size());
        assertEquals(java.util.List.of("blue", "red"), data.classNames());
        assertEquals(1, loaded.skipped().size());
        assertTrue(loaded.skipped().get(0).contains("broken.png"), loaded.skipped().get(0));
        float[] blue = data.image(0);
        assertEquals(0, blue[0], 1e-6);
        assertEquals(1, blue[2 * 16], 1e-6);
        assertEquals(3 * 4 * 4, data.imageSize());
        ImageDataset gray = ImageFolder.read(dir, 4, 1).dataset();
        assertEquals(0.299, gray.image(1)[0], 0.01);
    }

    @Test
    void emptyOrMissingFoldersAreExplained() throws IOException {
        messageContains(assertThrows(InvalidInputException.class, () -> ImageFolder.read(dir.resolve("x"), 4, 3)), "does not exist");
        messageContains(assertThrows(InvalidInputException.class, () -> ImageFolder.read(dir, 4, 3)), "no class sub-folders");
        Files.createDirectories(dir.resolve("cls"));
        Files.writeString(dir.resolve("cls/bad.jpg"), "junk");
        messageContains(assertThrows(InvalidInputException.class, () -> ImageFolder.read(dir, 4, 3)), "no readable image", "1 unreadable");
    }
}
