package org.contrastive4j.cli;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.data.EmbeddingFiles;
import org.contrastive4j.data.TextRecords;
import org.contrastive4j.data.ImageFiles;
import org.contrastive4j.encoder.ImageEncoder;
import org.contrastive4j.encoder.TextModel;

import java.io.PrintWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts with their vectors, for the commands that work on embeddings: embedded now from
 * {@code --input}, or read from {@code --vectors} (a file written by {@code c4j embed}), in which
 * case the texts come from {@code --input} or from the JSONL vectors file itself (with the line
 * numbers it records).
 */
record EmbeddedTexts(List<TextRecords.Text> texts, float[][] vectors, List<Integer> skippedLines) {

    private static EmbeddedTexts ofImages(Path images, Path model, PrintWriter err) {
        if (model == null || !ImageEncoder.isImageEncoder(model)) {
            throw new InvalidInputException("--images needs --model DIR with an image encoder (the model/ directory of "
                    + "'c4j train simclr|moco|supcon|dino')" + (model == null ? "" : "; " + model + " has no " + ImageEncoder.MANIFEST));
        }
        try (ImageEncoder encoder = ImageEncoder.load(model)) {
            int[] shape = encoder.inputShape();
            ImageFiles.Loaded loaded = ImageFiles.read(images, shape[1], shape[0]);
            if (!loaded.skipped().isEmpty() && err != null) {
                err.printf("warning: %d file(s) under %s could not be decoded and were skipped, first: %s%n",
                        loaded.skipped().size(), images, loaded.skipped().get(0));
            }
            List<TextRecords.Text> names = new ArrayList<>();
            for (int i = 0; i < loaded.names().size(); i++) {
                names.add(new TextRecords.Text(i + 1, loaded.names().get(i)));
            }
            return new EmbeddedTexts(names, encoder.encode(loaded.images()), List.of());
        }
    }

    /**
     * {@code prompt}: a prompt name or text, or null for the model's document prompt (E5's {@code passage: }).
     * With {@code images} a directory of image files embedded by the image encoder {@code model}; texts are their paths.
     */
    static EmbeddedTexts of(Path input, String field, Path vectorsFile, Path model, String prompt, Path images, PrintWriter err) {
        if (images != null) {
            if (input != null || vectorsFile != null) {
                throw new InvalidInputException("give --images DIR or --input/--vectors, not both");
            }
            return ofImages(images, model, err);
        }
        if (ImageEncoder.isImageEncoder(model)) {
            throw new InvalidInputException(model + " is an image encoder: give it a directory of images with --images DIR");
        }
        if (vectorsFile == null) {
            if (input == null) {
                throw new InvalidInputException("give --input FILE (texts to embed) or --vectors FILE (embeddings from c4j embed)");
            }
            TextRecords.Loaded loaded = TextRecords.read(input, field);
            try (TextModel m = TextModel.load(model)) {
                return new EmbeddedTexts(loaded.texts(), m.embedAll(loaded.strings(), prompt != null ? prompt : m.prompts().documentName(), 64, null), loaded.skippedLines());
            }
        }
        EmbeddingFiles.Read read = EmbeddingFiles.read(vectorsFile);
        List<TextRecords.Text> texts;
        List<Integer> skipped = List.of();
        if (input != null) {
            TextRecords.Loaded loaded = TextRecords.read(input, field);
            texts = loaded.texts();
            skipped = loaded.skippedLines();
        } else if (read.texts() != null) {
            texts = new ArrayList<>();
            for (int i = 0; i < read.texts().size(); i++) {
                texts.add(new TextRecords.Text(read.lines() != null ? read.lines().get(i) : i + 1, read.texts().get(i)));
            }
        } else {
            throw new InvalidInputException("--vectors " + vectorsFile + " carries no texts; give the texts with --input");
        }
        if (texts.size() != read.vectors().length) {
            throw new InvalidInputException("--vectors " + vectorsFile + " holds " + read.vectors().length + " vectors but --input has "
                    + texts.size() + " texts");
        }
        return new EmbeddedTexts(texts, read.vectors(), skipped);
    }

    List<String> strings() {
        return texts.stream().map(TextRecords.Text::text).toList();
    }
}
