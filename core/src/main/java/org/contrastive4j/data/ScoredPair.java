package org.contrastive4j.data;

/** Two texts and a graded similarity (higher: more similar), for Spearman correlation. */
public record ScoredPair(String a, String b, double score) {}
