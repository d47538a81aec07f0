package ai.enclave.connectors.jdbc;

import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The documents of one sync of a table or query: one per row, streamed in updated-at then id order.
 *
 * <p>The cursor is the largest updated-at value returned so far and the ids of the rows returned with
 * exactly that value: {@code {"kind":"TIMESTAMP_TZ","updatedAt":"2025-03-01T10:00Z","ids":["17","18"]}}.
 * The next sync asks for {@code updated_at >= value} and passes over rows at that value whose id is in
 * the list. Why not {@code > value}: rows written in one transaction share one {@code now()}, and a sync
 * that stopped (or ran) between two rows with equal values would lose the rest for good. Why not the
 * keyset {@code (updated_at, id) > (value, last id)}: a row committed late with the same timestamp but a
 * smaller id would be missed, while the id list still sees it. The price is that the list holds every
 * row of the newest timestamp, as many ids as one bulk load that stamped all its rows alike; it shrinks
 * again with the next change. Rows with a NULL updated-at are read by a sync from the start only.
 *
 * <p>With {@code deletionScan} the reader first reads every id and reports that listing as its
 * {@link Deletions}: rows gone from the source leave any store of it. An updated-at column cannot show a
 * deleted row, and a trigger-maintained tombstone table is not something a read-only connector can ask for.
 */
final class RowReader implements DocumentReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a sync stopped: the newest updated-at value and the ids returned with it. */
    record Position(UpdatedAt kind, String updatedAt, Set<String> ids) {
        static Position parse(Cursor cursor) {
            if (cursor.isStart()) return null;
            try {
                JsonNode n = JSON.readTree(cursor.value());
                Set<String> ids = new TreeSet<>();
                n.get("ids").forEach(id -> ids.add(id.asText()));
                return new Position(
                        UpdatedAt.valueOf(n.get("kind").asText()),
                        n.get("updatedAt").asText(),
                        ids);
            } catch (IOException | RuntimeException e) {
                throw new ConnectorException("not a jdbc cursor: " + cursor.value());
            }
        }

        Cursor cursor() {
            ObjectNode n = JSON.createObjectNode().put("kind", kind.name()).put("updatedAt", updatedAt);
            ids.forEach(n.putArray("ids")::add);
            return new Cursor(n.toString());
        }
    }

    private final JdbcConfig config;
    private final ReadOnlySession session;
    private final ConnectorContext context;
    private final Position from;
    private final ResultSet rows;
    private final UpdatedAt kind;
    private final int updatedIndex;
    /** 1-based position of each selected column; the id is always first. */
    private final Map<String, Integer> index = new HashMap<>();

    private final Map<String, String> baseMetadata;

    /** Position after the last row returned (or skipped); null while none had an updated-at value. */
    private String newest;

    private Set<String> newestIds = new TreeSet<>();
    private long rowsRead;
    private Document ahead;
    private String aheadStamp;
    private boolean done;
    /** The ids the source holds, from the scan run before the rows are read; null without {@code deletionScan}. */
    private final Set<String> liveIds;

    RowReader(JdbcConfig config, ReadOnlySession session, Position from, ConnectorContext context) throws SQLException {
        this.config = config;
        this.session = session;
        this.context = context;
        this.from = from;
        this.liveIds = config.deletionScan() ? scanIds(session) : null;
        List<String> columns = config.selectedColumns();
        for (int i = 0; i < columns.size(); i++) index.put(columns.get(i), i + 1);
        this.rows = session.rows(
                columns, from != null, from == null ? null : from.kind(), from == null ? null : from.updatedAt());
        this.updatedIndex = config.updatedAtColumn() == null ? 0 : index.get(config.updatedAtColumn());
        this.kind = updatedIndex == 0 ? null : UpdatedAt.of(rows.getMetaData(), updatedIndex);
        if (from != null) {
            if (from.kind() != kind)
                throw new ConnectorException("the cursor holds a " + from.kind() + " value but updatedAtColumn '"
                        + config.updatedAtColumn() + "' is " + kind + "; sync from the start");
            newest = from.updatedAt();
            newestIds = new TreeSet<>(from.ids());
        }
        Map<String, String> meta = new HashMap<>(Map.of("source_type", JdbcConnector.TYPE, "kind", "prose"));
        if (config.table() != null) meta.put("table", config.table());
        this.baseMetadata = Map.copyOf(meta);
    }

    @Override
    public boolean hasNext() {
        while (ahead == null && !done) {
            try {
                if (!rows.next()) {
                    finish();
                    break;
                }
                rowsRead++;
                readRow();
            } catch (SQLException e) {
                // e.g. the connection dropped mid-sync: what was returned stays returned, the cursor stays
                // after it, and the next sync carries on from there
                context.skip(
                        config.sourceName(),
                        "reading stopped after " + rowsRead + " rows: " + JdbcConnector.failure(config, e));
                finish();
            }
        }
        return ahead != null;
    }

    /** Sets {@link #ahead} to the row's document, or reports why the row gives none. */
    private void readRow() throws SQLException {
        String id = rows.getString(1);
        String stamp = kind == null ? null : kind.read(rows, updatedIndex);
        if (id == null) {
            context.skip(config.sourceName() + " row " + rowsRead, "idColumn '" + config.idColumn() + "' is NULL");
            return;
        }
        if (from != null && from.updatedAt().equals(stamp) && from.ids().contains(id)) return; // read last time
        List<String> parts = new ArrayList<>();
        for (String column : config.textColumns()) {
            String value = rows.getString(index.get(column));
            if (value == null || value.isBlank()) continue;
            String heading = config.headings().get(column);
            parts.add(heading == null ? value : heading + "\n" + value);
        }
        String text = String.join("\n\n", parts);
        if (text.isEmpty()) {
            advance(stamp, id);
            context.skip(id, "no text in " + config.textColumns());
            return;
        }
        if (text.length() > context.maxItemBytes()) {
            advance(stamp, id);
            context.skip(id, "text longer than " + context.maxItemBytes() + " characters");
            return;
        }
        Map<String, String> meta = new HashMap<>(baseMetadata);
        if (stamp != null) meta.put("updated_at", stamp);
        for (String column : config.metadataColumns()) {
            String value = rows.getString(index.get(column));
            if (value != null) meta.put(column, value);
        }
        ahead = new Document(id, text, meta);
        aheadStamp = stamp;
    }

    @Override
    public Document next() {
        if (!hasNext()) throw new NoSuchElementException();
        Document d = ahead;
        ahead = null;
        advance(aheadStamp, d.id());
        return d;
    }

    /** Moves the position past a row; rows arrive in updated-at order, so a new value is always larger. */
    private void advance(String stamp, String id) {
        if (stamp == null) return;
        if (!stamp.equals(newest)) {
            newest = stamp;
            newestIds = new TreeSet<>();
        }
        newestIds.add(id);
    }

    /**
     * Reads the id column whole, in the same read-only transaction, before the rows (one open result at a
     * time keeps drivers that cannot interleave two streams happy). A row inserted after the scan is read
     * by this sync anyway; one deleted after it goes with the next sync.
     */
    private static Set<String> scanIds(ReadOnlySession session) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (ResultSet rs = session.ids()) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (id != null) ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public Deletions deletions() {
        return liveIds == null ? Deletions.NONE : Deletions.listing(liveIds::contains);
    }

    @Override
    public Cursor cursor() {
        if (kind == null || newest == null) return Cursor.START;
        return new Position(kind, newest, newestIds).cursor();
    }

    private void finish() {
        done = true;
        session.close();
    }

    @Override
    public void close() {
        done = true;
        session.close();
    }
}
