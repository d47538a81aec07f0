package ai.enclave.connectors.spi;

/**
 * The documents of one sync, in a stable order. After the iterator is exhausted, {@link #cursor()} is the
 * position to store for the next sync (which then reads only what changed after it); read before that,
 * it is the position after the last document returned so far. The caller of {@code Connector.read}
 * closes the reader.
 */
public interface DocumentReader extends CloseableIterator<Document> {
    Cursor cursor();

    /**
     * What this read has established as gone from the source ({@link Deletions}): everything it knows so
     * far that a store kept at {@link #cursor()} must drop, and all of it once the iterator is exhausted.
     * A caller may ask after every document. Default: nothing (the connector cannot tell).
     */
    default Deletions deletions() {
        return Deletions.NONE;
    }
}
