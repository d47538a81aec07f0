package ai.enclave.connectors.spi;

/**
 * The documents of one sync, in a stable order. After the iterator is exhausted, {@link #cursor()} is the
 * position to store for the next sync (which then reads only what changed after it); read before that,
 * it is the position after the last document returned so far. The caller of {@code Connector.read}
 * closes the reader.
 */
public interface DocumentReader extends CloseableIterator<Document> {
    Cursor cursor();
}
