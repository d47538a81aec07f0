package ai.enclave.connectors.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The SQL types an updated-at column may have, each with one canonical string form: what the cursor
 * stores, what equal values compare by, and what is bound back into the next read's {@code >=}. Values
 * go through java.time (JDBC 4.2), not java.sql.Timestamp, so the cursor does not depend on the JVM's
 * time zone. Not a general type mapper: only ordered types that make sense as "changed at".
 */
enum UpdatedAt {
    /** timestamptz and the like: kept as the UTC instant. */
    TIMESTAMP_TZ,
    /** timestamp without time zone: kept as the wall-clock value the database holds. */
    TIMESTAMP,
    DATE,
    /** an integer or decimal version counter (a sequence, epoch milliseconds, a row version). */
    NUMBER,
    /** text that sorts in time order, e.g. ISO-8601 strings. */
    TEXT;

    static UpdatedAt of(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        return switch (md.getColumnType(column)) {
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            // PostgreSQL's driver reports timestamptz as TIMESTAMP with the type name "timestamptz"
            case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? TIMESTAMP_TZ : TIMESTAMP;
            case Types.DATE -> DATE;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC -> NUMBER;
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> TEXT;
            default ->
                throw new SQLException("updated-at column type " + name + " is not a timestamp, date, number or text");
        };
    }

    /** The column's value in canonical form; null for SQL NULL. */
    String read(ResultSet rs, int column) throws SQLException {
        return switch (this) {
            case TIMESTAMP_TZ -> {
                OffsetDateTime v = rs.getObject(column, OffsetDateTime.class);
                yield v == null ? null : v.withOffsetSameInstant(ZoneOffset.UTC).toString();
            }
            case TIMESTAMP -> {
                LocalDateTime v = rs.getObject(column, LocalDateTime.class);
                yield v == null ? null : v.toString();
            }
            case DATE -> {
                LocalDate v = rs.getObject(column, LocalDate.class);
                yield v == null ? null : v.toString();
            }
            case NUMBER -> {
                BigDecimal v = rs.getBigDecimal(column);
                yield v == null ? null : v.stripTrailingZeros().toPlainString();
            }
            case TEXT -> rs.getString(column);
        };
    }

    /** Binds a canonical value as parameter {@code index} with the SQL type it came from. */
    void bind(PreparedStatement ps, int index, String value) throws SQLException {
        switch (this) {
            case TIMESTAMP_TZ -> ps.setObject(index, OffsetDateTime.parse(value));
            case TIMESTAMP -> ps.setObject(index, LocalDateTime.parse(value));
            case DATE -> ps.setObject(index, LocalDate.parse(value));
            case NUMBER -> ps.setBigDecimal(index, new BigDecimal(value));
            case TEXT -> ps.setString(index, value);
        }
    }

    /** The instant a canonical value stands for, for discovery's item dates; EPOCH where it has none. */
    Instant instant(String value) {
        if (value == null) return Instant.EPOCH;
        return switch (this) {
            case TIMESTAMP_TZ -> OffsetDateTime.parse(value).toInstant();
            case TIMESTAMP -> LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            case DATE -> LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            case NUMBER, TEXT -> Instant.EPOCH;
        };
    }
}
