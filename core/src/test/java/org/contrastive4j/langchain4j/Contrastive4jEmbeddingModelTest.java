package org.contrastive4j.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The adapter in a LangChain4j retrieval pipeline with its in-memory store. */
class Contrastive4jEmbeddingModelTest {

    @Test
    void retrievesTheRelevantSegmentFromAnInMemoryStore() {
        try (Contrastive4jEmbeddingModel model = Contrastive4jEmbeddingModel.load(null)) {
            assertEquals(384, model.dimension());
            List<TextSegment> segments = List.of(
                    TextSegment.from("The Eiffel Tower is in Paris."),
                    TextSegment.from("Photosynthesis happens in chloroplasts."),
                    TextSegment.from("The stock market fell sharply on Monday."));
            InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
            List<Embedding> embeddings = model.embedAll(segments).content();
            store.addAll(embeddings, segments);
            Embedding query = model.embed("Where do plants turn light into sugar?").content();
            List<EmbeddingMatch<TextSegment>> matches = store.search(
                    EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(1).build()).matches();
            assertEquals("Photosynthesis happens in chloroplasts.", matches.get(0).embedded().text());
        }
    }
}
