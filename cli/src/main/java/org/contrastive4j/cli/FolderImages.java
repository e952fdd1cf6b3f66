package org.contrastive4j.cli;

import org.contrastive4j.data.ImageDataset;
import org.contrastive4j.data.ImageFolder;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads a folder of class sub-folders for a command, warning on stderr about the files it had to skip. */
final class FolderImages {

    private FolderImages() {}

    static ImageDataset read(Path folder, int size, int channels, PrintWriter err) {
        ImageFolder.Loaded loaded = ImageFolder.read(folder, size, channels);
        if (!loaded.skipped().isEmpty()) {
            err.printf("warning: %d file(s) in %s could not be read and were skipped, first: %s%n",
                    loaded.skipped().size(), folder, loaded.skipped().get(0));
        }
        return loaded.dataset();
    }
}
