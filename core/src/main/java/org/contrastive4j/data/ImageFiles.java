package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every image file under a directory (any depth, sorted by path), decoded to the size and channels
 * an encoder takes, as floats in [0, 1]; files that do not decode are skipped and named.
 */
public final class ImageFiles {
    /** The images read, their paths relative to the directory, and the files skipped. */
    public record Loaded(List<String> names, float[][] images, List<String> skipped) {}

    private ImageFiles() {}

    public static Loaded read(Path dir, int size, int channels) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("image directory " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("no image files (.png, .jpg, .jpeg, .bmp, .gif) under " + dir);
        }
        List<String> names = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            byte[] pixels;
            try {
                pixels = ImageFolder.decode(Files.readAllBytes(f), size, channels);
            } catch (IOException e) {
                pixels = null;
            }
            if (pixels == null) {
                skipped.add(dir.relativize(f).toString());
                continue;
            }
            names.add(dir.relativize(f).toString());
            images.add(ImageDataset.unit(pixels));
        }
        if (images.isEmpty()) {
            throw new InvalidInputException("none of the " + files.size() + " image files under " + dir + " could be decoded, first: "
                    + skipped.get(0));
        }
        return new Loaded(names, images.toArray(float[][]::new), skipped);
    }
}
