package ai.enclave.connectors.git;

import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a git sync stopped. Complete: every file of commit {@code base} was read ({@code {"base": "<id>"}}).
 * Stopped part way: every file of {@code base} was read, and the files changed from {@code base} to
 * {@code target} were read up to and including path {@code after} in path order
 * ({@code {"base": "<id>", "target": "<id>", "after": "src/Main.java"}}; no base when the first sync
 * stopped). The next sync reads the files changed since {@code base} after that path, and those changed
 * since {@code target} up to it: nothing is missed, and only files changed since are read twice.
 */
record GitCursor(String base, String target, String after) {
    static final GitCursor START = new GitCursor(null, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    static GitCursor complete(String commit) {
        return new GitCursor(commit, null, null);
    }

    boolean partial() {
        return target != null;
    }

    static GitCursor parse(Cursor cursor) {
        if (cursor.isStart()) return START;
        try {
            JsonNode n = JSON.readTree(cursor.value());
            String base = text(n, "base");
            String target = text(n, "target");
            String after = text(n, "after");
            if (base == null && target == null) throw new IllegalArgumentException("neither base nor target");
            if ((target == null) != (after == null)) throw new IllegalArgumentException("target without after");
            return new GitCursor(base, target, after);
        } catch (Exception e) {
            throw new ConnectorException("not a git cursor: " + cursor.value(), e);
        }
    }

    Cursor toCursor() {
        if (base == null && target == null) return Cursor.START;
        ObjectNode n = JSON.createObjectNode();
        if (base != null) n.put("base", base);
        if (target != null) n.put("target", target).put("after", after);
        return new Cursor(n.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
