package org.contrastive4j.encoder;

import org.contrastive4j.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The texts a model expects in front of its inputs, by name, as sentence-transformers keeps
 * them ({@code config_sentence_transformers.json}): E5's {@code query: } and {@code passage: },
 * BGE's query instruction. {@code defaultName} is the prompt used when none is asked for (null
 * for none).
 */
public record Prompts(Map<String, String> byName, String defaultName) {
    /** The names that mean "a query" and "a document", as models name them. */
    private static final String[] QUERY_NAMES = {"query", "search_query"};
    private static final String[] DOCUMENT_NAMES = {"passage", "document", "search_document", "corpus"};

    public static final Prompts NONE = new Prompts(Map.of(), null);

    public Prompts {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (defaultName != null && !byName.containsKey(defaultName)) {
            throw new InvalidInputException("the default prompt '" + defaultName + "' is not among the prompts " + byName.keySet());
        }
    }

    /**
     * The text to prepend for {@code nameOrText}: a prompt's name gives its text, {@code none} gives
     * nothing, anything else is taken as the text itself; null gives the default prompt.
     */
    public String resolve(String nameOrText) {
        if (nameOrText == null) {
            return defaultName == null ? "" : byName.get(defaultName);
        }
        if (nameOrText.equals("none")) {
            return "";
        }
        return byName.getOrDefault(nameOrText, nameOrText);
    }

    /** {@code texts} with {@link #resolve}'s text for {@code nameOrText} in front of each (the same list when that is empty). */
    public java.util.List<String> apply(String nameOrText, java.util.List<String> texts) {
        String prefix = resolve(nameOrText);
        return prefix.isEmpty() ? texts : texts.stream().map(t -> prefix + t).toList();
    }

    /** The query prompt's name, or null when the model has none. */
    public String queryName() {
        return first(QUERY_NAMES);
    }

    /** The document prompt's name (E5's {@code passage}), or null when the model has none. */
    public String documentName() {
        return first(DOCUMENT_NAMES);
    }

    private String first(String[] names) {
        for (String n : names) {
            if (byName.containsKey(n)) {
                return n;
            }
        }
        return defaultName;
    }
}
