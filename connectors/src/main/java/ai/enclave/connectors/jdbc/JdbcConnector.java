package ai.enclave.connectors.jdbc;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Rows of a relational database table or query as documents, over JDBC: the text columns joined into
 * the text, the id column as the document id, extra columns as metadata. Everything runs in a read-only
 * transaction ({@link ReadOnlySession}) and rows are streamed, so a table of any size is read in constant
 * memory. With an updated-at column a sync reads only rows changed since the previous one
 * ({@link RowReader} explains the cursor); without one every sync reads everything.
 *
 * <p>A connection that fails before the first row is a {@link ConnectorException}; one that drops
 * mid-sync ends the read with the reason reported through {@link ConnectorContext#skip}, and the cursor
 * stays after the last row returned, so the next sync picks up there.
 */
public final class JdbcConnector implements Connector<JdbcConfig> {
    public static final String TYPE = "jdbc";

    @Override
    public ConnectorSpec<JdbcConfig> spec() {
        return new ConnectorSpec<>(
                TYPE, "Rows of a database table or SQL query over JDBC (read-only)", JdbcConfig.class);
    }

    /** Connects, runs the source with no rows and compares the columns it has with the configured ones. */
    @Override
    public CheckResult check(JdbcConfig config, ConnectorContext context) {
        List<String> found = new ArrayList<>();
        String updatedKind = null;
        try (ReadOnlySession session = ReadOnlySession.open(config);
                ResultSet empty = session.emptyResult()) {
            ResultSetMetaData md = empty.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                found.add(md.getColumnLabel(i));
                if (md.getColumnLabel(i).equals(config.updatedAtColumn())) {
                    try {
                        updatedKind = UpdatedAt.of(md, i).name().toLowerCase(Locale.ROOT);
                    } catch (SQLException e) {
                        return CheckResult.failed(
                                "updatedAtColumn '" + config.updatedAtColumn() + "': " + e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            return CheckResult.failed(failure(config, e));
        }
        List<String> missing = new ArrayList<>();
        config.columnsByRole().forEach((column, field) -> {
            if (!found.contains(column)) missing.add(field + " '" + column + "'" + suggestion(column, found));
        });
        if (!missing.isEmpty()) {
            return CheckResult.failed("not in " + config.sourceName() + ": " + String.join(", ", missing)
                    + " (columns found: " + String.join(", ", found) + ")");
        }
        return CheckResult.ok("connected; " + config.sourceName() + " has columns " + String.join(", ", found)
                + "; id '" + config.idColumn() + "', text " + config.textColumns()
                + (config.updatedAtColumn() == null
                        ? "; no updated-at column: every sync reads all rows"
                        : "; updated-at '" + config.updatedAtColumn() + "' (" + updatedKind
                                + "): syncs read only changed rows"));
    }

    @Override
    public CloseableIterator<Item> discover(JdbcConfig config, ConnectorContext context) {
        List<String> columns = new ArrayList<>(List.of(config.idColumn()));
        if (config.updatedAtColumn() != null) columns.add(config.updatedAtColumn());
        ReadOnlySession session = open(config);
        try {
            ResultSet rs = session.rows(columns, false, null, null);
            UpdatedAt kind = config.updatedAtColumn() == null ? null : UpdatedAt.of(rs.getMetaData(), 2);
            return new CloseableIterator<>() {
                private Boolean ahead;

                @Override
                public boolean hasNext() {
                    if (ahead == null) {
                        try {
                            ahead = rs.next();
                        } catch (SQLException e) {
                            context.skip(config.sourceName(), "listing stopped: " + failure(config, e));
                            ahead = false;
                        }
                    }
                    return ahead;
                }

                @Override
                public Item next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    ahead = null;
                    try {
                        String stamp = kind == null ? null : kind.read(rs, 2);
                        return new Item(rs.getString(1), -1, kind == null ? Instant.EPOCH : kind.instant(stamp));
                    } catch (SQLException e) {
                        throw new ConnectorException(failure(config, e), e);
                    }
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e instanceof SQLException s ? new ConnectorException(failure(config, s), s) : (RuntimeException) e;
        }
    }

    @Override
    public DocumentReader read(JdbcConfig config, Cursor cursor, ConnectorContext context) {
        RowReader.Position from = RowReader.Position.parse(cursor);
        if (config.updatedAtColumn() == null && from != null)
            throw new ConnectorException(
                    "the cursor is from an incremental sync, but no updatedAtColumn is configured");
        ReadOnlySession session = open(config);
        try {
            return new RowReader(config, session, from, context);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e instanceof SQLException s ? new ConnectorException(failure(config, s), s) : (RuntimeException) e;
        }
    }

    private static ReadOnlySession open(JdbcConfig config) {
        try {
            return ReadOnlySession.open(config);
        } catch (SQLException e) {
            throw new ConnectorException(failure(config, e), e);
        }
    }

    /** The database's own message, which names the problem (wrong password, missing column), passwords removed. */
    static String failure(JdbcConfig config, SQLException e) {
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        return config.sourceName() + " at " + Redaction.url(config.url())
                + (config.user() == null ? "" : " as " + config.user()) + ": "
                + Redaction.message(e.getMessage(), config.password()) + state;
    }

    /** "did you mean 'body'?" when a configured name differs from a real column only by case. */
    private static String suggestion(String column, List<String> found) {
        return found.stream()
                .filter(f -> f.equalsIgnoreCase(column))
                .findFirst()
                .map(f -> " (did you mean '" + f + "'? names are matched exactly)")
                .orElse("");
    }
}
