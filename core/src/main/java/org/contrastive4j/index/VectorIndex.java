package org.contrastive4j.index;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.tensor.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings in a Lucene index: one document per text with its id and text stored and its
 * vector in a {@link KnnFloatVectorField} (HNSW graph, cosine). Lucene reports cosine scores as
 * {@code (1 + cos) / 2}; hits here carry the cosine itself.
 */
public final class VectorIndex implements AutoCloseable {
    static final String ID = "id";
    static final String TEXT = "text";
    static final String VECTOR = "vector";

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int truncatedTo;

    private VectorIndex(Directory directory, int truncatedTo) throws IOException {
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        this.truncatedTo = truncatedTo;
    }

    /** Opens an index directory for search. */
    public static VectorIndex open(Path dir) {
        return open(dir, 0);
    }

    /**
     * Opens an index directory whose vectors were cut to their first {@code truncatedTo} dimensions
     * and re-normalised (a Matryoshka model's short vectors; 0: kept whole): longer queries are cut
     * the same way before the search.
     */
    public static VectorIndex open(Path dir, int truncatedTo) {
        try {
            if (!Files.isDirectory(dir) || !DirectoryReader.indexExists(FSDirectory.open(dir))) {
                throw new InvalidInputException("no index in " + dir + "; build one with 'c4j index build'");
            }
            return new VectorIndex(FSDirectory.open(dir), truncatedTo);
        } catch (IOException e) {
            throw new InvalidInputException("cannot open the index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens an index over any Lucene directory (in memory, for dedup). */
    public static VectorIndex open(Directory directory) throws IOException {
        return new VectorIndex(directory, 0);
    }

    /**
     * Adds documents to the index in {@code directory} (created if absent).
     *
     * @param ids one id per vector; {@code texts} may be null
     */
    public static void add(Directory directory, List<String> ids, List<String> texts, float[][] vectors,
                           Quantization quantization) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig().setCodec(codec(quantization))
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setRAMBufferSizeMB(256);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < vectors.length; i++) {
                Document doc = new Document();
                doc.add(new StringField(ID, ids.get(i), Field.Store.YES));
                if (texts != null) {
                    doc.add(new StoredField(TEXT, texts.get(i)));
                }
                doc.add(new KnnFloatVectorField(VECTOR, vectors[i], VectorSimilarityFunction.COSINE));
                writer.addDocument(doc);
            }
            writer.commit();
        }
    }

    /** The HNSW format for the vector field: float32, or int8 scalar quantised. */
    static Codec codec(Quantization quantization) {
        KnnVectorsFormat format = quantization == Quantization.INT8
                ? new Lucene99HnswScalarQuantizedVectorsFormat() : new Lucene99HnswVectorsFormat();
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    public int size() {
        return reader.numDocs();
    }

    /** The k approximate nearest neighbours of {@code query} by cosine. */
    public List<SearchHit> search(float[] query, int k) {
        if (truncatedTo > 0 && query.length > truncatedTo) {
            query = Vectors.truncated(new float[][] {query}, truncatedTo)[0];
        }
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k);
            List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                Document doc = searcher.storedFields().document(sd.doc);
                hits.add(new SearchHit(doc.get(ID), doc.get(TEXT), 2 * sd.score - 1));
            }
            return hits;
        } catch (IOException e) {
            throw new IllegalStateException("index search failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the query has " + query.length + " dimensions; the index was built with "
                    + "another model? (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
