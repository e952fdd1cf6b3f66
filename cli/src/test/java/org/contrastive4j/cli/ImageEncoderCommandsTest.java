package org.contrastive4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Train on my photos, then use the encoder: embed them, find the near-duplicates among them, search them by an image. */
class ImageEncoderCommandsTest {
    @TempDir
    Path dir;

    private static void writePng(byte[] gray, int size, Path file) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = gray[y * size + x] & 0xff;
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void trainedEncoderEmbedsDeduplicatesAndSearchesAFolderOfImages() throws IOException {
        ImageDataset fashion = FashionMnist.test(FashionMnist.DEFAULT_DIR).limit(80);
        Path photos = dir.resolve("photos");
        for (int i = 0; i < fashion.size(); i++) {
            writePng(fashion.pixels()[i], 28, photos.resolve(FashionMnist.CLASSES.get(fashion.labels()[i]).replace('/', '-'))
                    .resolve(i + ".png"));
        }
        Path out = dir.resolve("run");
        CliRun train = CliRun.of("train", "simclr", "--images", photos.toString(), "--out", out.toString(), "--steps", "2",
                "--batch-size", "16", "--widths", "8,16", "--stem", "8", "--probe-epochs", "1", "--eval-every", "0", "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        Path model = out.resolve("model");
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("image_encoder.json").toFile());
        assertEquals(16, manifest.path("representation_size").asInt());
        assertEquals(32, manifest.path("input").path("height").asInt(), "--images trains at --size 32 by default");

        Path someImage = Files.walk(photos).filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        Files.copy(someImage, Files.createDirectories(photos.resolve("copies")).resolve("copy.png"));
        Files.writeString(photos.resolve("copies").resolve("broken.png"), "not an image");

        Path vectors = dir.resolve("vectors.jsonl");
        CliRun embed = CliRun.of("embed", "--images", photos.toString(), "--model", model.toString(), "--output", vectors.toString());
        assertEquals(0, embed.exitCode(), embed.err());
        assertTrue(embed.err().contains("1 file(s) under") && embed.err().contains("broken.png"), embed.err());
        List<String> lines = Files.readAllLines(vectors);
        assertEquals(fashion.size() + 1, lines.size());

        Path groups = dir.resolve("groups.jsonl");
        CliRun dedup = CliRun.of("dedup", "--images", photos.toString(), "--model", model.toString(), "--threshold", "0.99999",
                "--output", groups.toString());
        assertEquals(0, dedup.exitCode(), dedup.err());
        String found = Files.readString(groups);
        String relative = photos.relativize(someImage).toString();
        assertTrue(found.contains("copies/copy.png") && found.contains(relative), found);

        Path index = dir.resolve("index");
        CliRun build = CliRun.of("index", "build", "--images", photos.toString(), "--model", model.toString(), "--index", index.toString());
        assertEquals(0, build.exitCode(), build.err());
        CliRun search = CliRun.of("search", "--index", index.toString(), "--image", someImage.toString(), "-k", "2");
        assertEquals(0, search.exitCode(), search.err());
        String top = search.out().lines().findFirst().orElse("");
        assertTrue(top.contains("1.0000") && (top.contains(relative) || top.contains("copy.png")), search.out());

        CliRun.of("embed", "--input", vectors.toString(), "--model", model.toString(), "--output", dir.resolve("x.npy").toString())
                .assertOneLineError("is an image encoder: give it a directory of images with --images DIR");
        CliRun.of("embed", "--images", photos.toString(), "--output", dir.resolve("x.npy").toString())
                .assertOneLineError("--images needs --model DIR with an image encoder");
    }
}
