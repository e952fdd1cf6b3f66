package org.contrastive4j.decoder;

import org.contrastive4j.data.Captions;

import java.util.ArrayList;
import java.util.List;

/**
 * Which class a caption names: the class of the first class noun it mentions (a name or a
 * WordNet lemma of the class, "tee shirt" for T-shirt/top), the longest match winning at a
 * position ("ankle boot" over "boot"). Glosses mention other things after the noun ("a
 * sandal: a shoe consisting of ..."), so the first mention is the caption's subject.
 */
public final class ClassMentions {
    private final List<List<List<String>>> nouns = new ArrayList<>();

    public ClassMentions(List<Captions.ClassText> classes) {
        for (Captions.ClassText c : classes) {
            List<List<String>> forms = new ArrayList<>();
            for (String noun : c.nouns()) {
                forms.add(CaptionVocabulary.tokenize(noun.replace('_', ' ')));
            }
            nouns.add(forms);
        }
    }

    /** The class the caption names first, or -1 when it names none. */
    public int firstMentioned(String caption) {
        List<String> tokens = CaptionVocabulary.tokenize(caption);
        for (int at = 0; at < tokens.size(); at++) {
            int bestClass = -1;
            int bestLength = 0;
            for (int c = 0; c < nouns.size(); c++) {
                for (List<String> noun : nouns.get(c)) {
                    if (noun.size() > bestLength && at + noun.size() <= tokens.size()
                            && tokens.subList(at, at + noun.size()).equals(noun)) {
                        bestClass = c;
                        bestLength = noun.size();
                    }
                }
            }
            if (bestClass >= 0) {
                return bestClass;
            }
        }
        return -1;
    }

    /** The share of captions whose first-named class is the label. */
    public double accuracy(String[] captions, int[] labels) {
        int correct = 0;
        for (int i = 0; i < captions.length; i++) {
            correct += firstMentioned(captions[i]) == labels[i] ? 1 : 0;
        }
        return captions.length == 0 ? Double.NaN : (double) correct / captions.length;
    }

    /** Per class: the share of its images whose caption names it. */
    public double[] perClassAccuracy(String[] captions, int[] labels) {
        double[] correct = new double[nouns.size()];
        double[] total = new double[nouns.size()];
        for (int i = 0; i < captions.length; i++) {
            total[labels[i]]++;
            correct[labels[i]] += firstMentioned(captions[i]) == labels[i] ? 1 : 0;
        }
        for (int c = 0; c < correct.length; c++) {
            correct[c] = total[c] == 0 ? Double.NaN : correct[c] / total[c];
        }
        return correct;
    }
}
