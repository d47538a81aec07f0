package ai.enclave.connectors.files;

import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Queue;

/**
 * The read loop the file-based connectors share: visit the changed files of a {@link FileTree} oldest
 * first, turn each into zero or more documents with a {@link FileReading}, advance the
 * {@link ModifiedCursor} once a file is done (also when it was skipped, so a corrupt file is reported
 * once, not on every sync). The connector supplies only what one file becomes.
 */
public final class FileDocuments implements DocumentReader {
    /** What one file becomes; closed by {@link FileDocuments} when the file is done or the read stops. */
    public interface FileReading {
        CloseableIterator<Document> open(FileTree.Entry file, ConnectorContext context);
    }

    private final Queue<FileTree.Entry> pending;
    private final FileReading reading;
    private final ConnectorContext context;
    private final ModifiedCursor cursor;
    private FileTree.Entry current;
    private CloseableIterator<Document> currentDocs;

    public FileDocuments(FileTree tree, Cursor from, FileReading reading, ConnectorContext context) {
        this.cursor = ModifiedCursor.parse(from);
        this.reading = reading;
        this.context = context;
        this.pending = new ArrayDeque<>(tree.list(context).stream()
                .filter(e -> cursor.isNew(e.id(), e.modifiedNanos()))
                .toList());
    }

    /** Discovery for a file tree: its files without their content. */
    public static CloseableIterator<Item> items(FileTree tree, ConnectorContext context) {
        return CloseableIterator.of(tree.list(context).stream()
                .map(e -> new Item(e.id(), e.size(), Instant.EPOCH.plusNanos(e.modifiedNanos())))
                .iterator());
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (currentDocs != null && currentDocs.hasNext()) return true;
            finishCurrent();
            FileTree.Entry next = pending.poll();
            if (next == null) return false;
            current = next;
            if (next.size() > context.maxItemBytes()) {
                context.skip(next.id(), "larger than " + context.maxItemBytes() + " bytes (" + next.size() + ")");
                continue;
            }
            currentDocs = reading.open(next, context);
        }
    }

    @Override
    public Document next() {
        if (!hasNext()) throw new NoSuchElementException();
        return currentDocs.next();
    }

    @Override
    public Cursor cursor() {
        return cursor.toCursor();
    }

    @Override
    public void close() {
        if (currentDocs != null) currentDocs.close();
        currentDocs = null;
        pending.clear();
    }

    private void finishCurrent() {
        if (currentDocs != null) currentDocs.close();
        currentDocs = null;
        if (current != null) cursor.advance(current.id(), current.modifiedNanos());
        current = null;
    }
}
