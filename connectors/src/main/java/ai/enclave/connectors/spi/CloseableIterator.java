package ai.enclave.connectors.spi;

import java.util.Iterator;

/**
 * An iterator over a live resource (open files, a result set, a connection). Whoever obtained it closes
 * it, exactly once, whatever happens, normally with try-with-resources; closing early is allowed and
 * releases everything. {@code close} does not throw checked exceptions so callers need no nested try.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();

    /** An iterator over something that holds no resource (a list, a computed sequence); close does nothing. */
    static <T> CloseableIterator<T> of(Iterator<T> it) {
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }
}
