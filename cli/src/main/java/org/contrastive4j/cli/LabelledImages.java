package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.FashionMnist;
import org.contrastive4j.data.ImageDataset;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The labelled images a command runs a trained model on: a folder of class sub-folders, read at
 * the model's size and channels, or Fashion-MNIST's test set; checked against the model's input.
 */
final class LabelledImages {
    @Option(names = "--images", description = "Folder of class sub-folders (default: Fashion-MNIST's 10k test images).")
    Path images;

    @Option(names = "--data", description = "Fashion-MNIST directory (default /usr/share/datasets/fashion-mnist).")
    Path data = FashionMnist.DEFAULT_DIR;

    /** @param shape the model's input [channels, height, width] */
    ImageDataset read(int[] shape, PrintWriter err) {
        ImageDataset d = images != null ? FolderImages.read(images, shape[1], shape[0], err) : FashionMnist.test(SystemPackage.FASHION_MNIST.ensure(data, err));
        if (shape[0] != d.channels() || shape[1] != d.height() || shape[2] != d.width()) {
            throw new InvalidInputException("the model takes " + shape[0] + "x" + shape[1] + "x" + shape[2] + " images, "
                    + (images != null ? images : data) + " holds " + d.channels() + "x" + d.height() + "x" + d.width());
        }
        return d;
    }

    boolean isFashionMnist() {
        return images == null;
    }
}
