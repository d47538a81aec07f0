package ai.enclave.connectors.files;

import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * Incremental sync by modification time: the newest modification time read so far plus the ids read at
 * exactly that time. Keeping those ids is what makes it safe when a file is written in the same clock
 * tick as the previous sync (a plain "newer than" test would miss it). Format:
 * {@code {"modifiedNanos": 1700000000000000000, "ids": ["a.txt"]}}. Deleted files are found by listing ({@link FileDocuments#deletions}).
 */
public final class ModifiedCursor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private long maxNanos = Long.MIN_VALUE;
    private final Set<String> idsAtMax = new TreeSet<>();

    public static ModifiedCursor parse(Cursor cursor) {
        ModifiedCursor c = new ModifiedCursor();
        if (cursor.isStart()) return c;
        try {
            JsonNode n = JSON.readTree(cursor.value());
            c.maxNanos = n.get("modifiedNanos").asLong();
            n.get("ids").forEach(id -> c.idsAtMax.add(id.asText()));
            return c;
        } catch (Exception e) {
            throw new ConnectorException("not a modification-time cursor: " + cursor.value(), e);
        }
    }

    /** Whether the file changed after this cursor (and so must be read). */
    public boolean isNew(String id, long modifiedNanos) {
        return modifiedNanos > maxNanos || (modifiedNanos == maxNanos && !idsAtMax.contains(id));
    }

    /** Records a file as read; files must be recorded in ascending modification time. */
    public void advance(String id, long modifiedNanos) {
        if (modifiedNanos > maxNanos) {
            maxNanos = modifiedNanos;
            idsAtMax.clear();
        }
        idsAtMax.add(id);
    }

    public Cursor toCursor() {
        if (maxNanos == Long.MIN_VALUE) return Cursor.START;
        ObjectNode n = JSON.createObjectNode().put("modifiedNanos", maxNanos);
        idsAtMax.forEach(n.putArray("ids")::add);
        return new Cursor(n.toString());
    }
}
