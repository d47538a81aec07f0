package ai.enclave.connectors.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * One connection to the configured database, inside a read-only transaction, and the SQL the connector
 * runs there. Read-only twice over: {@code Connection.setReadOnly(true)} (PostgreSQL's driver then opens
 * the transaction with {@code BEGIN READ ONLY}) and {@code set transaction read only}, so the database
 * itself refuses any write, also one hidden in an administrator's query or in a function it calls.
 * Identifiers from the config (already checked by {@link JdbcConfig}) are quoted with the database's own
 * quote character. The transaction is rolled back on close: nothing is ever committed.
 */
final class ReadOnlySession implements AutoCloseable {
    /** Shown in pg_stat_activity, so a DBA can tell Enclave's sessions apart. */
    static final String APPLICATION_NAME = "enclave-connector";

    private final JdbcConfig config;
    private final Connection connection;
    private final String quote;

    private ReadOnlySession(JdbcConfig config, Connection connection, String quote) {
        this.config = config;
        this.connection = connection;
        this.quote = quote;
    }

    /** Connects and starts the read-only transaction; the caller closes the session. */
    static ReadOnlySession open(JdbcConfig config) throws SQLException {
        try {
            DriverManager.getDriver(config.url());
        } catch (SQLException e) {
            String scheme = config.url().split(":", 3).length > 1 ? config.url().split(":", 3)[1] : "?";
            throw new SQLException("no JDBC driver for '" + scheme + "' URLs on the class path (PostgreSQL's is built"
                    + " in; add the driver jar of other databases next to the connectors' jars)");
        }
        Properties props = new Properties();
        if (config.user() != null) props.setProperty("user", config.user());
        if (config.password() != null) props.setProperty("password", config.password());
        if (config.url().startsWith("jdbc:postgresql:")) props.setProperty("ApplicationName", APPLICATION_NAME);
        Connection c = DriverManager.getConnection(config.url(), props);
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("set transaction read only");
            }
            String q = c.getMetaData().getIdentifierQuoteString();
            return new ReadOnlySession(config, c, q == null || q.isBlank() ? "" : q.strip());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** No rows, only the result's columns: what check reports. */
    ResultSet emptyResult() throws SQLException {
        Statement s = connection.createStatement();
        s.closeOnCompletion();
        return s.executeQuery("select * from " + source() + " where 1 = 0");
    }

    /**
     * The configured columns of every row (or of rows whose updated-at is {@code >= since}, bound by the
     * caller as parameter 1), in updated-at then id order, streamed {@code fetchSize} rows at a time. The
     * statement closes with its result set.
     */
    ResultSet rows(List<String> columns, boolean since, UpdatedAt kind, String sinceValue) throws SQLException {
        StringBuilder sql = new StringBuilder("select ")
                .append(columns.stream().map(this::quoted).collect(Collectors.joining(", ")))
                .append(" from ")
                .append(source());
        if (since)
            sql.append(" where ").append(quoted(config.updatedAtColumn())).append(" >= ?");
        sql.append(" order by ");
        if (config.updatedAtColumn() != null)
            sql.append(quoted(config.updatedAtColumn())).append(", ");
        sql.append(quoted(config.idColumn()));
        PreparedStatement ps =
                connection.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            // PostgreSQL's driver streams only with a fetch size, outside auto-commit, forward only: all true here
            ps.setFetchSize(config.fetchSize());
            if (since) kind.bind(ps, 1, sinceValue);
            ps.closeOnCompletion();
            return ps.executeQuery();
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Every id of the source, streamed like the rows; the statement closes with its result set. */
    ResultSet ids() throws SQLException {
        Statement s = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            s.setFetchSize(Math.max(config.fetchSize(), 10_000));
            s.closeOnCompletion();
            return s.executeQuery("select " + quoted(config.idColumn()) + " from " + source());
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The table, quoted part by part, or the administrator's query as a derived table. */
    private String source() {
        if (config.table() == null) return "(" + config.query() + ") src";
        return List.of(config.table().split("\\.")).stream().map(this::quoted).collect(Collectors.joining("."));
    }

    private String quoted(String identifier) {
        return quote + identifier + quote;
    }

    /** Ends the transaction without committing and closes the connection; failures here change nothing. */
    @Override
    public void close() {
        try {
            if (!connection.isClosed()) connection.rollback();
        } catch (SQLException e) {
            // the connection may already be gone (dropped mid-sync); closing it below is all that is left
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // as above: nothing was written, so a failed close loses nothing
        }
    }
}
