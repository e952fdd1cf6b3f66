package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Captions for labelled images, and the prompts that classify them zero-shot. The grammar:
 *
 * <pre>
 *   caption := TEMPLATE[noun]                       "a photo of a pullover."
 *            | "a " noun ": " gloss                 "a sweater: a crocheted or knitted garment ..."
 *            | "a photo of a " noun ", " gloss      "a photo of a jumper, a crocheted or knitted ..."
 *   noun    := a name of the class ("T-shirt/top" gives "t-shirt" and "top")
 *            | a lemma of the class's WordNet synsets ("jersey", "tee shirt")
 *   gloss   := the definition of one of those synsets
 *   prompt  := ZERO_SHOT_TEMPLATE[name]             "a black and white photo of a pullover."
 * </pre>
 *
 * "a" becomes "an" before a vowel. Prompts use only the class names and templates that no
 * caption uses, so zero-shot accuracy measures transfer to unseen phrasings, not recall of
 * training strings.
 */
public final class Captions {
    /** Templates of training captions; {} is the noun. */
    public static final List<String> TRAIN_TEMPLATES = List.of(
            "a photo of a {}.", "a picture of a {}.", "an image of a {}.", "a photo of the {}.", "a {}.", "the {}.",
            "a close-up photo of a {}.", "a photo of one {}.", "a picture of the {}.", "a photo of my {}.",
            "a {} on a plain background.", "a photo showing a {}.", "a snapshot of a {}.", "this is a {}.",
            "a catalogue photo of a {}.", "a nice {}.");

    /** Templates of zero-shot prompts, none of them a training template. */
    public static final List<String> ZERO_SHOT_TEMPLATES = List.of(
            "a black and white photo of a {}.", "a low resolution photo of a {}.", "a grayscale picture of the {}.",
            "a blurry photo of a {}.", "a cropped photo of the {}.", "a product shot of a {}.", "a tiny image of a {}.",
            "an item of clothing or an accessory: a {}.");

    /** What a class is called: its names (from the label) and what WordNet adds. */
    public record ClassText(String label, List<String> names, List<String> nouns, List<String> glosses) {}

    private Captions() {}

    /**
     * Fashion-MNIST's ten classes with the WordNet 3.0 noun synsets that name them (by offset in
     * data.noun; "ankle boot" is not in WordNet, its synset is "boot").
     */
    public static List<ClassText> fashionMnist(WordNet wordNet) {
        long[][] synsets = {
            {3595614},            // jersey, T-shirt, tee shirt
            {4489008},            // trouser, pant
            {4021028, 4370048},   // pullover, slipover; sweater, jumper
            {3236735},            // dress, frock
            {3057021},            // coat
            {4133789},            // sandal
            {4197391},            // shirt
            {3472535},            // gym shoe, sneaker, tennis shoe
            {2773037, 2774152},   // bag; handbag, pocketbook, purse
            {2872752},            // boot
        };
        List<ClassText> out = new ArrayList<>();
        for (int c = 0; c < FashionMnist.CLASSES.size(); c++) {
            List<Synset> found = new ArrayList<>();
            for (long offset : synsets[c]) {
                Synset s = wordNet.get(Synset.key('n', offset));
                if (s == null) {
                    throw new InvalidInputException("WordNet has no noun synset at offset " + offset
                            + " (is " + WordNet.DEFAULT_DIR + " WordNet 3.0 from 'wordnet-base'?)");
                }
                found.add(s);
            }
            out.add(of(FashionMnist.CLASSES.get(c), found));
        }
        return out;
    }

    /** Classes named by labels alone (image folders): each label's first WordNet noun sense, when it has one, adds its lemmas and gloss. */
    public static List<ClassText> forLabels(List<String> labels, WordNet wordNet) {
        List<ClassText> out = new ArrayList<>();
        for (String label : labels) {
            List<Synset> found = new ArrayList<>();
            if (wordNet != null) {
                String lemma = names(label).get(0);
                wordNet.synsets().values().stream()
                        .filter(s -> s.pos() == 'n' && s.lemmas().stream().anyMatch(l -> l.equalsIgnoreCase(lemma)))
                        .findFirst().ifPresent(found::add);
            }
            out.add(of(label, found));
        }
        return out;
    }

    static ClassText of(String label, List<Synset> synsets) {
        List<String> names = names(label);
        Set<String> nouns = new LinkedHashSet<>(names);
        List<String> glosses = new ArrayList<>();
        for (Synset s : synsets) {
            s.lemmas().forEach(l -> nouns.add(l.toLowerCase(Locale.ROOT)));
            glosses.add(s.definition());
        }
        return new ClassText(label, names, List.copyOf(nouns), glosses);
    }

    /** "T-shirt/top" -> [t-shirt, top]; "Ankle boot" -> [ankle boot]; "dog_cat" -> [dog cat]. */
    static List<String> names(String label) {
        List<String> out = new ArrayList<>();
        for (String part : label.split("/")) {
            String n = part.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("class label '" + label + "' has no name to build captions from");
        }
        return out;
    }

    /** Every training caption of a class, without repeats, in a fixed order. */
    public static List<String> training(ClassText c) {
        Set<String> out = new LinkedHashSet<>();
        for (String noun : c.nouns()) {
            for (String t : TRAIN_TEMPLATES) {
                out.add(fill(t, noun));
            }
            for (String gloss : c.glosses()) {
                out.add(fill("a {}: ", noun) + gloss);
                out.add(fill("a photo of a {}, ", noun) + gloss);
            }
        }
        return List.copyOf(out);
    }

    /** The zero-shot prompts of a class: every zero-shot template with every name of its label. */
    public static List<String> prompts(ClassText c) {
        List<String> out = new ArrayList<>();
        for (String name : c.names()) {
            for (String t : ZERO_SHOT_TEMPLATES) {
                out.add(fill(t, name));
            }
        }
        return out;
    }

    /** Puts {@code noun} into {@code template} at {}, turning the article "a" into "an" before a vowel. */
    public static String fill(String template, String noun) {
        String s = template.replace("{}", noun);
        if ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0) {
            s = s.replace(" a " + noun, " an " + noun);
            if (s.startsWith("a " + noun)) {
                s = "an " + s.substring(2);
            }
        }
        return s;
    }
}
