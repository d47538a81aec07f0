package ai.enclave.connectors.files;

import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The read loop the file-based connectors share: visit the changed files of a {@link FileTree} oldest
 * first, turn each into zero or more documents with a {@link FileReading}, advance the
 * {@link ModifiedCursor} once a file is done (also when it was skipped, so a corrupt file is reported
 * once, not on every sync). The connector supplies only what one file becomes.
 *
 * <p>Deletions are a listing ({@link Deletions#listing}): a stored document stays while the file it came
 * from is still listed and was not read again whole by this sync; so a deleted file's documents go, and
 * so do the documents a re-read file no longer gives (a JSONL line removed, a file that now fails to
 * extract). Listing the tree is cheap next to reading it, and the listing is taken anyway.
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
    private final Function<String, Stream<String>> filesOf;
    /** Every file listed now, and those of them this read finished (documents from others are kept). */
    private final Set<String> listed = new HashSet<>(), finished = new HashSet<>();

    private FileTree.Entry current;
    private CloseableIterator<Document> currentDocs;

    /**
     * @param filesOf the files a document id may come from (its own id for one document per file; each
     *     prefix before a separator when a file holds many)
     */
    public FileDocuments(
            FileTree tree,
            Cursor from,
            FileReading reading,
            Function<String, Stream<String>> filesOf,
            ConnectorContext context) {
        this.cursor = ModifiedCursor.parse(from);
        this.reading = reading;
        this.filesOf = filesOf;
        this.context = context;
        var all = tree.list(context);
        all.forEach(e -> listed.add(e.id()));
        this.pending = new ArrayDeque<>(all.stream()
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
    public Deletions deletions() {
        return Deletions.listing(
                id -> filesOf.apply(id).anyMatch(file -> listed.contains(file) && !finished.contains(file)));
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
        if (current != null) {
            cursor.advance(current.id(), current.modifiedNanos());
            finished.add(current.id());
        }
        current = null;
    }
}
