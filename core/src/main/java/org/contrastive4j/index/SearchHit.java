package org.contrastive4j.index;

/** One search result: the document's id, its stored text, and the cosine similarity to the query. */
public record SearchHit(String id, String text, double cosine) {}
