package org.contrastive4j.index;

/** How the index stores vectors: float32, or int8 via Lucene's scalar-quantized HNSW format (4x smaller). */
public enum Quantization { NONE, INT8 }
