package ai.enclave.connectors.sync;

import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * One incremental sync of a source into its {@link SourceStore}: read from the stored cursor, put each
 * document (the same text and metadata are not written again), apply the reader's {@link
 * ai.enclave.connectors.spi.Deletions}, and commit the store together with the reader's cursor every
 * {@code commitEvery} documents and at the end. A sync killed at any point (an exception, the JVM gone)
 * leaves the store at its last commit, and the next sync reads on from that commit's cursor (or from where
 * the killed sync started, when it owed a listing walk, below): documents read after it are read again and
 * land once, because the store is keyed by id.
 *
 * <p>Deleted ids are applied at every commit: a reader's deletions cover what it has read up to its
 * cursor, so a sync resumed after that cursor would not learn them again. A listing walks the whole index,
 * so it is walked once per sync, at its last commit (read to the end, or stopped), and not at all when no
 * document stored before the sync is left unread (a first sync, a full re-read); walking it at every
 * commit made a first sync of millions of files quadratic. A sync killed before that walk would lose what
 * only its listing knew (a JSONL file re-read whole rejects its removed lines; a read resumed after that
 * file does not), so its part-way commits tell the store that a walk is owed and the next sync reads again
 * from where the killed one started ({@link SourceStore#readFrom}); what it reads again is unchanged and
 * writes nothing. Not a scheduler: when to sync is the caller's business.
 */
public final class Sync {
    /** Ten thousand documents: a killed sync that owed no listing walk repeats at most that many. */
    public static final int DEFAULT_COMMIT_EVERY = 10_000;

    /**
     * What one sync did: documents read from the connector (and their characters), of which added,
     * changed (new text, or the same text with new metadata) and unchanged (same text and metadata, not
     * written); documents deleted from the store; items the connector skipped; whether the reader was read to its end (false when stopped); the cursor
     * committed; the documents the store holds now.
     */
    public record Report(
            long read,
            long characters,
            long added,
            long changed,
            long unchanged,
            long deleted,
            long skipped,
            boolean complete,
            Cursor cursor,
            int storeDocuments) {}

    /** Opens a read of the source from a cursor (normally {@code ConnectorRegistry.read}). */
    public interface Source {
        DocumentReader open(Cursor from, ConnectorContext context);
    }

    /** Told the counts so far, every few documents and after each commit. */
    public interface Progress {
        void report(Report soFar);
    }

    private final int commitEvery;
    private final Progress progress;
    private final BooleanSupplier stopRequested;

    /**
     * @param stopRequested asked before each document; when true the sync commits what it read and returns
     *     an incomplete report, and the next sync goes on from there
     */
    public Sync(int commitEvery, Progress progress, BooleanSupplier stopRequested) {
        if (commitEvery <= 0) throw new IllegalArgumentException("commitEvery must be positive");
        this.commitEvery = commitEvery;
        this.progress = progress;
        this.stopRequested = stopRequested;
    }

    /** A registered connector as a {@link Source}. */
    public static Source source(ConnectorRegistry registry, String type, JsonNode config) {
        return (from, context) -> registry.read(type, config, from, context);
    }

    /** Opens the store in {@code dir} (created on the first sync), syncs into it and closes it. */
    public Report run(Path dir, Source source, ConnectorContext context) {
        try (SourceStore store = SourceStore.open(dir)) {
            return run(store, source, context);
        }
    }

    /**
     * Syncs into an open store. When this throws, the store holds uncommitted writes: close it, and the
     * next open is back at the last commit.
     */
    public Report run(SourceStore store, Source source, ConnectorContext context) {
        Counts n = new Counts();
        ConnectorContext counting = new ConnectorContext(context.options(), context.maxItemBytes(), (id, reason) -> {
            n.skipped++;
            context.skip(id, reason);
        });
        store.startPass();
        try (DocumentReader reader = source.open(store.readFrom(), counting)) {
            boolean complete = false, commitDue = false;
            while (true) {
                // asked before committing: a reader's cursor moves past an item (a file, say) only once it
                // has looked for the next document, so the commit does not make the next sync read it again
                if (!reader.hasNext()) {
                    complete = true;
                    break;
                }
                if (commitDue) {
                    commitPartWay(store, reader, n);
                    progress.report(n.report(false, store));
                    commitDue = false;
                }
                if (stopRequested.getAsBoolean()) break;
                Document d = reader.next();
                n.read++;
                n.characters += d.text().length();
                switch (store.put(d)) {
                    case ADDED -> n.added++;
                    case CHANGED, METADATA -> n.changed++;
                    case UNCHANGED -> n.unchanged++;
                }
                if (n.read % commitEvery == 0) commitDue = true;
                else if (n.read % 100 == 0) progress.report(n.report(false, store));
            }
            commitLast(store, reader, n);
            Report done = n.report(complete, store);
            progress.report(done);
            return done;
        }
    }

    /** Deleted ids only; a listing that could delete something is owed to a later commit. */
    private static void commitPartWay(SourceStore store, DocumentReader reader, Counts n) {
        Deletions gone = deleteIds(store, reader, n);
        store.commit(reader.cursor(), gone.listed() != null && store.listingMayDelete());
    }

    /** Deleted ids and the listing's one walk. */
    private static void commitLast(SourceStore store, DocumentReader reader, Counts n) {
        Deletions gone = deleteIds(store, reader, n);
        if (gone.listed() != null) n.deleted += store.deleteUnlisted(gone.listed());
        store.commit(reader.cursor());
    }

    private static Deletions deleteIds(SourceStore store, DocumentReader reader, Counts n) {
        Deletions gone = reader.deletions();
        for (String id : gone.ids()) {
            if (store.delete(id)) n.deleted++;
        }
        return gone;
    }

    private static final class Counts {
        long read, characters, added, changed, unchanged, deleted, skipped;

        Report report(boolean complete, SourceStore store) {
            return new Report(
                    read,
                    characters,
                    added,
                    changed,
                    unchanged,
                    deleted,
                    skipped,
                    complete,
                    store.cursor(),
                    store.size());
        }
    }
}
