package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Drops a document whose text is byte-for-byte the text of an earlier one (after normalisation). Keeps
 * 128 bits of each SHA-256 and the first id (about 100 bytes per distinct document), so tens of millions
 * of documents fit in memory; a distributed run would shard this set by hash. Stateful, not thread-safe.
 *
 * <p>For a resumable run the set is kept as a journal rather than saved whole at each checkpoint: every
 * insertion is appended to {@link #journalTo} (about 55 bytes), and {@link #replay} rebuilds the set from
 * the journal's first entries, so a checkpoint only records the journal's length and {@link #size()}.
 */
public final class ExactDedup implements Stage {
    private record Key(long hi, long lo) {}

    private final Map<Key, String> firstId = new HashMap<>();
    private DataOutput journal;

    @Override
    public String name() {
        return "exact-dedup";
    }

    @Override
    public boolean pure() {
        return false;
    }

    @Override
    public Verdict apply(Document document) {
        return apply(document, sha256(document.text()));
    }

    /** The verdict for a document whose SHA-256 (of its UTF-8 text) is already computed, e.g. in parallel. */
    public Verdict apply(Document document, byte[] sha256) {
        ByteBuffer h = ByteBuffer.wrap(sha256);
        Key key = new Key(h.getLong(), h.getLong());
        String first = firstId.putIfAbsent(key, document.id());
        if (first != null) return Verdict.drop("exact-duplicate", "same text as " + first);
        if (journal != null) {
            try {
                journal.writeLong(key.hi());
                journal.writeLong(key.lo());
                byte[] id = document.id().getBytes(StandardCharsets.UTF_8);
                journal.writeInt(id.length);
                journal.write(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Verdict.keep(document);
    }

    /** Distinct texts seen. */
    public int size() {
        return firstId.size();
    }

    /** From now on every new text's hash and id are appended to {@code out}. */
    public void journalTo(DataOutput out) {
        this.journal = out;
    }

    /** Adds the first {@code entries} insertions of a journal written by {@link #journalTo}. */
    public void replay(DataInput in, int entries) throws IOException {
        for (int i = 0; i < entries; i++) {
            Key key = new Key(in.readLong(), in.readLong());
            byte[] id = new byte[in.readInt()];
            in.readFully(id);
            firstId.put(key, new String(id, StandardCharsets.UTF_8));
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
