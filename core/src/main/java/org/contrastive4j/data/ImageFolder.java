package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A user's labelled images: one sub-folder per class ({@code DIR/cat/*.png}, {@code DIR/dog/*.jpg}),
 * each image resized to {@code size x size} and converted to gray or RGB. Files that cannot be
 * decoded are counted and named in {@link Loaded#skipped()}, never silently dropped.
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    /** The largest image decoded (a 64-megapixel photo): bigger ones are skipped as undecodable. */
    static final long MAX_PIXELS = 64L << 20;

    /** The dataset and the files that could not be read, with why. */
    public record Loaded(ImageDataset dataset, List<String> skipped) {}

    private ImageFolder() {}

    public static Loaded read(Path dir, int size, int channels) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("image folder " + dir + " does not exist or is not a directory");
        }
        if (channels != 1 && channels != 3) {
            throw InvalidInputException.parameter("channels", "must be 1 (gray) or 3 (RGB), got " + channels);
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list image folder " + dir + ": " + e.getMessage());
        }
        if (classDirs.isEmpty()) {
            throw new InvalidInputException("image folder " + dir + " has no class sub-folders (expected DIR/CLASS/IMAGE.png)");
        }
        List<String> classNames = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path classDir : classDirs) {
            int label = classNames.size();
            classNames.add(classDir.getFileName().toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(classDir)) {
                files = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException("cannot list " + classDir + ": " + e.getMessage());
            }
            for (Path file : files) {
                try {
                    BufferedImage image = ImageIO.read(file.toFile());
                    if (image == null) {
                        skipped.add(file + ": not a decodable image");
                        continue;
                    }
                    pixels.add(toBytes(image, size, channels));
                    labels.add(label);
                } catch (IOException | RuntimeException e) {
                    skipped.add(file + ": " + e.getMessage());
                }
            }
        }
        if (pixels.isEmpty()) {
            throw new InvalidInputException("image folder " + dir + " holds no readable image"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " unreadable, first: " + skipped.get(0) + ")"));
        }
        ImageDataset data = new ImageDataset(pixels.toArray(new byte[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                channels, size, size, classNames);
        return new Loaded(data, skipped);
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * An encoded image (PNG, JPEG, BMP, GIF bytes) resized to size x size with {@code channels}
     * planes of 0-255 values, as the folders are read; null when the bytes are not a decodable image
     * or declare more than {@value #MAX_PIXELS} pixels.
     */
    public static byte[] decode(byte[] encoded, int size, int channels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The header's size is checked before the pixels are allocated: a few hostile bytes can declare gigapixels.
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                    return null;
                }
                BufferedImage image = reader.read(0);
                return image == null ? null : toBytes(image, size, channels);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders report some malformed files as IllegalArgumentException, IndexOutOfBounds and the like
            return null;
        }
    }

    private static byte[] toBytes(BufferedImage source, int size, int channels) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, size, size, null);
        g.dispose();
        byte[] out = new byte[channels * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int i = y * size + x;
                if (channels == 1) {
                    out[i] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[i] = (byte) r;
                    out[plane + i] = (byte) gr;
                    out[2 * plane + i] = (byte) b;
                }
            }
        }
        return out;
    }

    /** A split by seed: {@code testFraction} of the images (at least one) held out for evaluation. */
    public static ImageDataset[] split(ImageDataset data, double testFraction, long seed) {
        int n = data.size();
        int[] order = Permutations.of(n, Seeds.forPurpose(seed, "image-folder-split"));
        int testSize = Math.max(1, (int) Math.round(n * testFraction));
        if (testSize >= n) {
            throw new InvalidInputException("image folder has only " + n + " images: too few to hold some out for evaluation");
        }
        return new ImageDataset[] {subset(data, order, testSize, n), subset(data, order, 0, testSize)};
    }

    private static ImageDataset subset(ImageDataset data, int[] order, int from, int to) {
        byte[][] p = new byte[to - from][];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            p[i - from] = data.pixels()[order[i]];
            y[i - from] = data.labels()[order[i]];
        }
        return new ImageDataset(p, y, data.channels(), data.height(), data.width(), data.classNames());
    }
}
