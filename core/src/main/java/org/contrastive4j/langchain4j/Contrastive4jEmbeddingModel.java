package org.contrastive4j.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.contrastive4j.encoder.TextModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A LangChain4j {@link EmbeddingModel} backed by a contrastive4j text model, so a model
 * fine-tuned here drops into a LangChain4j RAG pipeline (embedding stores, retrievers). Texts
 * are embedded in length-sorted batches; vectors are L2-normalised.
 */
public final class Contrastive4jEmbeddingModel implements EmbeddingModel, AutoCloseable {
    private final TextModel model;
    private final int batchSize;

    public Contrastive4jEmbeddingModel(TextModel model, int batchSize) {
        this.model = model;
        this.batchSize = batchSize;
    }

    /** A model directory written by contrastive4j, or the embedded all-MiniLM-L6-v2 when null. */
    public static Contrastive4jEmbeddingModel load(Path modelDir) {
        return new Contrastive4jEmbeddingModel(TextModel.load(modelDir), 64);
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<String> texts = segments.stream().map(TextSegment::text).toList();
        float[][] vectors = model.embedAll(texts, batchSize, null);
        List<Embedding> out = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            out.add(Embedding.from(v));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public void close() {
        model.close();
    }
}
