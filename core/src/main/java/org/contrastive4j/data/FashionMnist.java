package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60k training and 10k test images, 28x28
 * grayscale, 10 classes, as installed by the Debian package {@code dataset-fashion-mnist}.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    public static ImageDataset train(Path dir) {
        return load(dir, "train");
    }

    public static ImageDataset test(Path dir) {
        return load(dir, "t10k");
    }

    private static ImageDataset load(Path dir, String split) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("Fashion-MNIST not found: no directory " + dir
                    + "; install it with 'apt-get install dataset-fashion-mnist' (as root) or pass --data DIR");
        }
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(split + "-labels-idx1-ubyte.gz");
        for (Path p : List.of(images, labels)) {
            if (!Files.exists(p)) {
                throw new InvalidInputException("Fashion-MNIST file " + p + " is missing; reinstall the package "
                        + "'dataset-fashion-mnist' or pass --data DIR");
            }
        }
        int[] shape = IdxReader.imageShape(images);
        byte[][] pixels = IdxReader.readImages(images);
        int[] y = IdxReader.readLabels(labels);
        if (pixels.length != y.length) {
            throw new InvalidInputException("Fashion-MNIST " + split + " has " + pixels.length + " images in " + images
                    + " but " + y.length + " labels in " + labels);
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= CLASSES.size()) {
                throw new InvalidInputException("label file " + labels + " holds class " + y[i] + " at item " + i
                        + "; Fashion-MNIST has 10 classes");
            }
        }
        return new ImageDataset(pixels, y, 1, shape[0], shape[1], CLASSES);
    }
}
