package org.contrastive4j.decoder;

import org.contrastive4j.data.Batch;

import java.util.List;

/** One training step's examples: which inputs, their class labels and the caption drawn for each. */
public record CaptionBatch(long step, int[] indices, int[] labels, List<String> captions) implements Batch {
    @Override
    public int size() {
        return indices.length;
    }
}
