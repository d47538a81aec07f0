package ai.enclave.connectors.sync;

import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The current documents of one source, kept between syncs in a directory of its own, so a sync writes
 * only what changed and the pipeline reads the source from here instead of from the source again:
 *
 * <pre>
 * state.json               the last commit: {"format": 1, "cursor": "...", "index": "index-000001.log",
 *                          "indexBytes": 1234, "segment": 3, "segmentBytes": 5678, "commits": 17}, and
 *                          "passFrom": "..." while a sync pass owes its listing walk (see {@link #readFrom})
 * index-000001.log         append-only, one JSON array a line: ["p", segment, offset, length, sha256,
 *                          metadataHash, id] (a document's newest version; stores written before the
 *                          metadata hash have lines without it) or ["d", id] (deleted)
 * segments/000003.jsonl.gz append-only; each document its own gzip member holding one line
 *                          {"id", "text", "metadata"}, so a segment is also one valid .jsonl.gz file
 * lock                     held by the one writer
 * </pre>
 *
 * A commit forces the segment and the index to disk, then replaces {@code state.json} atomically; opening
 * cuts both files back to the lengths it names, so whatever a killed sync wrote after its last commit is
 * gone and the store is exactly as committed, cursor included. The index is held in memory (id to
 * position and text hash, roughly 200 bytes per document), never the texts. When more than half of the
 * segment bytes belong to replaced or deleted documents, a commit compacts: the live documents' gzip
 * members are copied as they are into new segments with a new index file, and {@code state.json} switches
 * to them in one rename. Not a database: one writer at a time (a lock file), and readers
 * ({@link #openReadOnly}) must not run while a writer compacts.
 */
public final class SourceStore implements AutoCloseable {
    /** What a {@link #put} did. */
    public enum Change {
        ADDED,
        /** New text (written). */
        CHANGED,
        /** Same text, new metadata (a modification time, an owner, a title): written, so reads give the new metadata. */
        METADATA,
        /** Same text and metadata: nothing written. */
        UNCHANGED
    }

    static final int FORMAT = 1;
    /** A segment is closed when it would grow past this; large enough that a store has few files. */
    static final long SEGMENT_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "state.json";

    /**
     * Where a live document is: its gzip member in a segment, the SHA-256 of its text and a 64-bit hash of
     * its metadata ({@link #UNKNOWN_METADATA} for a line written before the store kept one).
     */
    private static final class Entry {
        final int segment;
        final long offset;
        final int length;
        final byte[] sha256;
        final long metadataHash;
        /** The sync pass that last put it; see {@link #startPass}. */
        int pass;

        Entry(int segment, long offset, int length, byte[] sha256, long metadataHash, int pass) {
            this.segment = segment;
            this.offset = offset;
            this.length = length;
            this.sha256 = sha256;
            this.metadataHash = metadataHash;
            this.pass = pass;
        }
    }

    /** An old index line's metadata hash: the next put of that id writes its metadata again, once. */
    private static final long UNKNOWN_METADATA = 0;

    private final Path dir;
    private final boolean writable;
    private final Map<String, Entry> index = new HashMap<>();
    private final Map<Integer, FileChannel> readers = new HashMap<>();
    private FileChannel lockChannel;
    private FileLock lock;

    private Cursor cursor = Cursor.START;
    private String indexName = indexName(1);
    private long indexBytes;
    private int segment = 1;
    private long segmentBytes;
    private long commits;
    private long liveBytes, deadBytes;
    private int pass;
    /** Where the current pass's read started. */
    private Cursor passStart = Cursor.START;
    /** Documents stored before the current pass that it has neither put nor deleted yet. */
    private long notPutThisPass;
    /** Committed: the start of a pass that was killed before its listing walk; null when none is owed. */
    private Cursor passFrom;

    private FileChannel indexOut, segmentOut;

    private SourceStore(Path dir, boolean writable) {
        this.dir = dir;
        this.writable = writable;
    }

    /** Opens (or creates) the store for a sync, back at its last commit; the caller closes it. */
    public static SourceStore open(Path dir) {
        SourceStore store = new SourceStore(dir, true);
        try {
            Files.createDirectories(dir.resolve("segments"));
            store.lock();
            store.load();
            store.cutBackToCommit();
            store.removeUnreferencedFiles();
            store.openAppenders();
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            if (e instanceof ConnectorException c) throw c;
            throw new ConnectorException("source store " + dir + ": cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** Opens an existing store to read its committed documents; writes nothing, takes no lock. */
    public static SourceStore openReadOnly(Path dir) {
        if (!Files.isRegularFile(dir.resolve(STATE)))
            throw new ConnectorException("no source store at " + dir + " (no " + STATE + "; run a sync first)");
        SourceStore store = new SourceStore(dir, false);
        try {
            store.load();
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw new ConnectorException("source store " + dir + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The connector cursor of the last commit. */
    public Cursor cursor() {
        return cursor;
    }

    /**
     * Where the next sync's read starts: the last commit's cursor, or, when a sync pass was killed after
     * committing part way while a listing walk was owed, the cursor that pass started from. A listing only
     * covers what its own read returned (a JSONL file read again whole rejects its removed lines; a read
     * resumed after that file does not), so the walk needs the pass read again; what it reads again is
     * unchanged and writes nothing.
     */
    public Cursor readFrom() {
        return passFrom != null ? passFrom : cursor;
    }

    /** Live documents. */
    public int size() {
        return index.size();
    }

    /** Commits made so far, for reports. */
    public long commits() {
        return commits;
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /**
     * Starts a sync pass: documents put from now on are marked, so {@link #deleteUnlisted} spares what this
     * pass has read even when a listing does not name it.
     */
    void startPass() {
        pass++;
        passStart = readFrom();
        notPutThisPass = index.size();
    }

    /**
     * Whether a listing could delete anything: some document stored before this pass was neither put nor
     * deleted by it. False on a first sync and once a pass has put every stored id again.
     */
    boolean listingMayDelete() {
        return notPutThisPass > 0;
    }

    /** Writes the document unless a document with this id, the same text and the same metadata is stored already. */
    public Change put(Document d) {
        requireWritable();
        byte[] sha = sha256(d.text());
        long metadataHash = metadataHash(d.metadata());
        Entry old = index.get(d.id());
        if (old != null && old.pass != pass) notPutThisPass--;
        boolean sameText = old != null && Arrays.equals(old.sha256, sha);
        if (sameText && old.metadataHash == metadataHash) {
            old.pass = pass;
            return Change.UNCHANGED;
        }
        try {
            byte[] member = gzipLine(d);
            if (segmentBytes > 0 && segmentBytes + member.length > SEGMENT_BYTES) nextSegment();
            writeFully(segmentOut, ByteBuffer.wrap(member), segmentBytes);
            Entry e = new Entry(segment, segmentBytes, member.length, sha, metadataHash, pass);
            segmentBytes += member.length;
            appendPut(d.id(), e);
            index.put(d.id(), e);
            liveBytes += e.length;
            if (old != null) {
                liveBytes -= old.length;
                deadBytes += old.length;
            }
            return old == null ? Change.ADDED : sameText ? Change.METADATA : Change.CHANGED;
        } catch (IOException e) {
            throw new UncheckedIOException("source store " + dir + ": cannot write " + d.id(), e);
        }
    }

    /** Removes a document; false when the store did not hold it. */
    public boolean delete(String id) {
        requireWritable();
        Entry old = index.remove(id);
        if (old == null) return false;
        if (old.pass != pass) notPutThisPass--;
        liveBytes -= old.length;
        deadBytes += old.length;
        try {
            appendIndex(JSON.createArrayNode().add("d").add(id));
        } catch (IOException e) {
            throw new UncheckedIOException("source store " + dir + ": cannot delete " + id, e);
        }
        return true;
    }

    /**
     * Removes every document that {@code stillThere} rejects and that the current pass did not put (one
     * walk over the index, none when {@link #listingMayDelete} is false); returns how many.
     */
    long deleteUnlisted(Predicate<String> stillThere) {
        if (!listingMayDelete()) return 0;
        List<String> gone = new ArrayList<>();
        index.forEach((id, e) -> {
            if (e.pass != pass && !stillThere.test(id)) gone.add(id);
        });
        gone.forEach(this::delete);
        return gone.size();
    }

    /**
     * Makes everything written so far durable together with {@code next}, the connector's cursor after it:
     * segment and index to disk first, then the state in one atomic rename. Compacts afterwards when more
     * than half of the segment bytes are dead. Also ends any listing walk owed (see {@link #readFrom}).
     */
    public void commit(Cursor next) {
        commit(next, false);
    }

    /**
     * A commit part way through a pass. {@code listingOwed}: the reader has a listing this pass has not
     * walked yet that could delete something, so until a later commit walks it, the next sync reads again
     * from where this pass started.
     */
    void commit(Cursor next, boolean listingOwed) {
        requireWritable();
        try {
            segmentOut.force(false);
            indexOut.force(false);
            passFrom = listingOwed ? passStart : null;
            cursor = next;
            indexBytes = indexOut.size();
            commits++;
            writeState();
            if (deadBytes > liveBytes) compact();
        } catch (IOException e) {
            throw new UncheckedIOException("source store " + dir + ": cannot commit", e);
        }
    }

    /**
     * The live documents in id order (so the same store state always reads the same way, whatever the
     * order the syncs wrote it in). Must not run while a sync writes the store; the caller closes it.
     */
    public CloseableIterator<Document> documents() {
        List<Map.Entry<String, Entry>> live = new ArrayList<>(index.entrySet());
        live.sort(Map.Entry.comparingByKey());
        var it = live.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Document next() {
                if (!hasNext()) throw new NoSuchElementException();
                Map.Entry<String, Entry> e = it.next();
                try {
                    return read(e.getValue());
                } catch (IOException x) {
                    throw new UncheckedIOException("source store " + dir + ": cannot read " + e.getKey(), x);
                }
            }

            @Override
            public void close() {
                // the segment channels stay open with the store, which closes them
            }
        };
    }

    /** Releases files and the lock. Whatever was not committed is dropped when the store is opened next. */
    @Override
    public void close() {
        closeQuietly(indexOut);
        closeQuietly(segmentOut);
        readers.values().forEach(SourceStore::closeQuietly);
        readers.clear();
        try {
            if (lock != null) lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        closeQuietly(lockChannel);
    }

    // ---- opening ----

    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) throw new ConnectorException("source store " + dir + " is in use by another sync");
    }

    private void load() throws IOException {
        Path state = dir.resolve(STATE);
        if (Files.isRegularFile(state)) {
            JsonNode s = JSON.readTree(state.toFile());
            if (s.path("format").asInt() != FORMAT)
                throw new ConnectorException("source store " + dir + ": unknown format " + s.path("format"));
            cursor = new Cursor(s.path("cursor").asText());
            indexName = s.path("index").asText();
            indexBytes = s.path("indexBytes").asLong();
            segment = s.path("segment").asInt();
            segmentBytes = s.path("segmentBytes").asLong();
            commits = s.path("commits").asLong();
            passFrom = s.hasNonNull("passFrom") ? new Cursor(s.get("passFrom").asText()) : null;
        }
        Path indexFile = dir.resolve(indexName);
        if (indexBytes == 0) return;
        long puts = 0;
        // only the committed part: a killed writer may have appended more
        try (InputStream in = new BufferedInputStream(Files.newInputStream(indexFile), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            for (long at = 0; at < indexBytes; at++) {
                int b = in.read();
                if (b < 0) throw new IOException(indexName + " is shorter than committed");
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                puts += applyIndexLine(JSON.readTree(line.toByteArray()));
                line.reset();
            }
        }
        deadBytes = puts - liveBytes;
    }

    /** Applies one index line to the in-memory index; returns the bytes a put added to the segments. */
    private long applyIndexLine(JsonNode line) {
        String id = line.get(line.size() - 1).asText();
        Entry old = "p".equals(line.get(0).asText())
                ? index.put(
                        id,
                        new Entry(
                                line.get(1).asInt(),
                                line.get(2).asLong(),
                                line.get(3).asInt(),
                                HexFormat.of().parseHex(line.get(4).asText()),
                                line.size() == 7
                                        ? HexFormat.fromHexDigitsToLong(
                                                line.get(5).asText())
                                        : UNKNOWN_METADATA,
                                0))
                : index.remove(id);
        if (old != null) liveBytes -= old.length;
        if ("p".equals(line.get(0).asText())) {
            int length = line.get(3).asInt();
            liveBytes += length;
            return length;
        }
        return 0;
    }

    /** Drops what a killed writer appended after the last commit. */
    private void cutBackToCommit() throws IOException {
        truncate(dir.resolve(indexName), indexBytes);
        truncate(segmentFile(segment), segmentBytes);
    }

    /** Segments no live document points into (replaced, or left by a compaction that did not commit) and old index files. */
    private void removeUnreferencedFiles() throws IOException {
        Set<Integer> used = new HashSet<>();
        index.values().forEach(e -> used.add(e.segment));
        used.add(segment);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve("segments"))) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".jsonl.gz")) continue;
                int n = Integer.parseInt(name.substring(0, name.indexOf('.')));
                if (!used.contains(n)) Files.delete(f);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "index-*.log")) {
            for (Path f : files) if (!f.getFileName().toString().equals(indexName)) Files.delete(f);
        }
    }

    private void openAppenders() throws IOException {
        indexOut = FileChannel.open(
                dir.resolve(indexName), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentOut = FileChannel.open(segmentFile(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    // ---- writing ----

    private void nextSegment() throws IOException {
        segmentOut.force(false);
        segmentOut.close();
        segment++;
        segmentBytes = 0;
        segmentOut = FileChannel.open(
                segmentFile(segment),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private void appendPut(String id, Entry e) throws IOException {
        appendIndex(JSON.createArrayNode()
                .add("p")
                .add(e.segment)
                .add(e.offset)
                .add(e.length)
                .add(HexFormat.of().formatHex(e.sha256))
                .add(HexFormat.of().toHexDigits(e.metadataHash))
                .add(id));
    }

    private void appendIndex(ArrayNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) indexOut.write(b);
    }

    private void writeState() throws IOException {
        ObjectNode s = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("cursor", cursor.value())
                .put("index", indexName)
                .put("indexBytes", indexBytes)
                .put("segment", segment)
                .put("segmentBytes", segmentBytes)
                .put("commits", commits);
        if (passFrom != null) s.put("passFrom", passFrom.value());
        Path tmp = dir.resolve(STATE + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(out, ByteBuffer.wrap(JSON.writeValueAsBytes(s)), 0);
            out.force(true);
        }
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Copies the live gzip members, in segment order, into segments numbered after the current ones with
     * a fresh index file, then switches {@code state.json} to them and deletes the old files. A kill
     * before the switch leaves the old store whole (the new files are removed on the next open).
     */
    private void compact() throws IOException {
        List<Map.Entry<String, Entry>> live = new ArrayList<>(index.entrySet());
        live.sort(Comparator.comparingInt((Map.Entry<String, Entry> e) -> e.getValue().segment)
                .thenComparingLong(e -> e.getValue().offset));
        int oldSegments = segment;
        String oldIndex = indexName;
        indexOut.close();
        indexName = indexName(Integer.parseInt(oldIndex.substring(6, oldIndex.length() - 4)) + 1);
        Files.deleteIfExists(dir.resolve(indexName));
        indexOut = FileChannel.open(
                dir.resolve(indexName), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        nextSegment();
        Map<String, Entry> moved = new HashMap<>();
        for (Map.Entry<String, Entry> e : live) {
            Entry from = e.getValue();
            ByteBuffer member = ByteBuffer.allocate(from.length);
            readFully(reader(from.segment), member, from.offset);
            member.flip();
            if (segmentBytes > 0 && segmentBytes + from.length > SEGMENT_BYTES) nextSegment();
            writeFully(segmentOut, member, segmentBytes);
            Entry to = new Entry(segment, segmentBytes, from.length, from.sha256, from.metadataHash, from.pass);
            segmentBytes += from.length;
            appendPut(e.getKey(), to);
            moved.put(e.getKey(), to);
        }
        segmentOut.force(false);
        indexOut.force(false);
        indexBytes = indexOut.size();
        writeState();
        index.putAll(moved);
        deadBytes = 0;
        readers.values().forEach(SourceStore::closeQuietly);
        readers.clear();
        for (int n = 1; n <= oldSegments; n++) Files.deleteIfExists(segmentFile(n));
        Files.deleteIfExists(dir.resolve(oldIndex));
    }

    // ---- reading ----

    private Document read(Entry e) throws IOException {
        ByteBuffer member = ByteBuffer.allocate(e.length);
        readFully(reader(e.segment), member, e.offset);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(member.array()))) {
            JsonNode n = JSON.readTree(in);
            Map<String, String> meta = new HashMap<>();
            n.path("metadata")
                    .properties()
                    .forEach(p -> meta.put(p.getKey(), p.getValue().asText()));
            return new Document(n.get("id").asText(), n.get("text").asText(), meta);
        }
    }

    private FileChannel reader(int n) throws IOException {
        FileChannel c = readers.get(n);
        if (c == null) {
            c = FileChannel.open(segmentFile(n), StandardOpenOption.READ);
            readers.put(n, c);
        }
        return c;
    }

    // ---- helpers ----

    private static byte[] gzipLine(Document d) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("id", d.id()).put("text", d.text());
        ObjectNode meta = n.putObject("metadata");
        d.metadata().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(m -> meta.put(m.getKey(), m.getValue()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(d.text().length() / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(JSON.writeValueAsBytes(n));
            gz.write('\n');
        }
        return bytes.toByteArray();
    }

    /**
     * The first 8 bytes of the SHA-256 of the metadata in key order: enough to tell a change (a collision
     * at 2^-64 would only keep an old title), and 8 bytes a document in memory instead of 32.
     */
    static long metadataHash(Map<String, String> metadata) {
        StringBuilder canonical = new StringBuilder();
        metadata.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(m -> canonical
                        .append(m.getKey())
                        .append('\0')
                        .append(m.getValue())
                        .append('\0'));
        long h = ByteBuffer.wrap(sha256(canonical.toString())).getLong();
        return h == UNKNOWN_METADATA ? 1 : h;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Path segmentFile(int n) {
        return dir.resolve("segments").resolve(String.format("%06d.jsonl.gz", n));
    }

    private static String indexName(int n) {
        return String.format("index-%06d.log", n);
    }

    private static void truncate(Path file, long length) throws IOException {
        if (!Files.exists(file)) {
            if (length > 0) throw new IOException(file.getFileName() + " is missing");
            return;
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (c.size() < length) throw new IOException(file.getFileName() + " is shorter than committed");
            c.truncate(length);
        }
    }

    private static void writeFully(FileChannel c, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) p += c.write(b, p);
    }

    private static void readFully(FileChannel c, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = c.read(b, p);
            if (n < 0) throw new IOException("segment ends early");
            p += n;
        }
    }

    private void requireWritable() {
        if (!writable) throw new IllegalStateException("source store " + dir + " is open read-only");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception e) {
            // closing a file we only read, or already closed after a failure: nothing to recover
        }
    }
}
