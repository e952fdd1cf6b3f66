package org.contrastive4j.data;

/**
 * One training batch of views: {@code views[v]} holds view v of every image, flattened
 * [batch][channels][height][width]; {@code shapes[v]} its {c, h, w} (multi-crop views differ).
 */
public record ViewBatch(long step, float[][] views, int[][] shapes, int[] labels, int[] indices) implements Batch {
    @Override
    public int size() {
        return labels.length;
    }
}
