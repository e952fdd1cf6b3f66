package org.contrastive4j.data;

import org.contrastive4j.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordNetTest {

    @Test
    void linesParseAndBadLinesAreLocated() {
        Synset s = WordNet.parse("00001740 03 n 01 entity 0 001 ~ 00001930 n 0000 | that which exists; \"an entity\"  ",
                Path.of("data.noun"), 1740);
        assertEquals(List.of("entity"), s.lemmas());
        assertEquals("that which exists", s.definition());
        assertEquals(List.of("an entity"), s.examples());
        assertEquals("~", s.pointers().get(0).symbol());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WordNet.parse("00001740 03 n zz", Path.of("data.noun"), 1740));
        assertTrue(e.getMessage().contains("data.noun") && e.getMessage().contains("byte offset 1740"), e.getMessage());
    }

    @Test
    void theInstalledWordNetReadsWithHypernymsAndHyponyms() {
        WordNet wn = WordNet.read(WordNet.DEFAULT_DIR);
        assertTrue(wn.synsets().size() > 117_000, "WordNet 3.0 has 117,659 synsets: " + wn.synsets().size());
        Synset dog = wn.synsets().values().stream().filter(x -> x.pos() == 'n' && x.lemmas().contains("dog")
                && x.definition().contains("domesticated")).findFirst().orElseThrow();
        assertTrue(wn.related(dog, "@").stream().anyMatch(h -> h.lemmas().contains("canine")), "dog is a canine");
        Synset canine = wn.related(dog, "@").stream().filter(h -> h.lemmas().contains("canine")).findFirst().orElseThrow();
        assertTrue(wn.related(canine, "~").contains(dog), "and a hyponym of it");
    }
}
