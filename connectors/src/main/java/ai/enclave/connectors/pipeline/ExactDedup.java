package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
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
 */
public final class ExactDedup implements Stage {
    private record Key(long hi, long lo) {}

    private final Map<Key, String> firstId = new HashMap<>();

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
        String first = firstId.putIfAbsent(new Key(h.getLong(), h.getLong()), document.id());
        return first == null ? Verdict.keep(document) : Verdict.drop("exact-duplicate", "same text as " + first);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
