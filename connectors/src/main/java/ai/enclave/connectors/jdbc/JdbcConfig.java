package ai.enclave.connectors.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A relational database read over JDBC: one table or one SQL query, whose rows become documents. Column
 * and table names are checked here against a plain identifier pattern (and quoted later), so nothing in
 * a config can add SQL of its own; the {@code query}, written by an administrator, is run as given
 * inside a read-only transaction. {@link #toString()} never shows the password.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://db.internal:5432/support}; PostgreSQL's driver is
 *     built in, others need their driver jar on the class path
 * @param user the database role, e.g. {@code enclave_reader}; null: whatever the URL or driver defaults to
 * @param password that role's password (a secret: never logged, never in metadata); null: none
 * @param table a table or view, optionally schema-qualified, e.g. {@code public.tickets}; or null with a query
 * @param query a SELECT whose result is the source, e.g. {@code select t.id, t.body from tickets t where
 *     not t.internal}; or null with a table
 * @param textColumns the columns holding the text, e.g. {@code ["subject", "body"]}; several are joined with
 *     blank lines, empty values left out
 * @param headings optional heading line per text column, put above its value, e.g. {@code {"body": "Answer"}}
 * @param idColumn the column holding a stable row id (usually the primary key), e.g. {@code id}
 * @param updatedAtColumn a timestamp, date or number that grows when a row changes, e.g. {@code updated_at};
 *     null: every sync reads everything
 * @param metadataColumns extra columns copied into the documents' metadata, e.g. {@code ["author", "product"]}
 * @param fetchSize rows fetched per round trip, e.g. 500 (default); rows are streamed, never all loaded
 * @param deletionScan whether each sync also reads every id ({@code select id}) to find deleted rows;
 *     off by default because it reads the whole id column (about 100 bytes of memory per row)
 */
public record JdbcConfig(
        String url,
        String user,
        String password,
        String table,
        String query,
        List<String> textColumns,
        Map<String, String> headings,
        String idColumn,
        String updatedAtColumn,
        List<String> metadataColumns,
        int fetchSize,
        boolean deletionScan) {

    public static final int DEFAULT_FETCH_SIZE = 500;

    /** Letters, digits, underscore and dollar, not starting with a digit: no quotes, dots, spaces or semicolons. */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]{0,127}");

    /** Metadata keys the connector or the pipeline sets itself; a metadata column may not take their place. */
    static final Set<String> RESERVED_METADATA =
            Set.of("source_type", "kind", "table", "updated_at", "source", "language");

    public JdbcConfig {
        if (url == null || url.isBlank())
            throw new IllegalArgumentException("url is missing (e.g. jdbc:postgresql://host:5432/db)");
        if (!url.startsWith("jdbc:")) throw new IllegalArgumentException("url must start with 'jdbc:'");
        if ((table == null) == (query == null)
                || (table != null && table.isBlank())
                || (query != null && query.isBlank()))
            throw new IllegalArgumentException("give exactly one of table and query");
        if (table != null) {
            for (String part : table.split("\\.", -1)) requireIdentifier("table", part);
            if (table.split("\\.").length > 2)
                throw new IllegalArgumentException("table: at most schema.table, got '" + table + "'");
        }
        if (query != null) query = withoutTrailingSemicolons(query);
        textColumns = textColumns == null ? List.of() : List.copyOf(textColumns);
        if (textColumns.isEmpty()) throw new IllegalArgumentException("textColumns is missing (e.g. [\"body\"])");
        for (String c : textColumns) requireIdentifier("textColumns", c);
        if (new LinkedHashSet<>(textColumns).size() != textColumns.size())
            throw new IllegalArgumentException("textColumns: a column is named twice in " + textColumns);
        headings = headings == null ? Map.of() : Map.copyOf(headings);
        for (String c : headings.keySet())
            if (!textColumns.contains(c))
                throw new IllegalArgumentException("headings: '" + c + "' is not one of textColumns " + textColumns);
        requireIdentifier("idColumn", idColumn);
        if (updatedAtColumn != null) requireIdentifier("updatedAtColumn", updatedAtColumn);
        metadataColumns = metadataColumns == null ? List.of() : List.copyOf(metadataColumns);
        for (String c : metadataColumns) {
            requireIdentifier("metadataColumns", c);
            if (RESERVED_METADATA.contains(c))
                throw new IllegalArgumentException(
                        "metadataColumns: '" + c + "' is a metadata key the pipeline sets itself " + RESERVED_METADATA
                                + "; select it under another name in a query");
        }
        if (fetchSize == 0) fetchSize = DEFAULT_FETCH_SIZE;
        if (fetchSize < 0) throw new IllegalArgumentException("fetchSize must be positive, got " + fetchSize);
    }

    /** Every column the connector selects, each once: id, text, updated-at, metadata. */
    List<String> selectedColumns() {
        Set<String> all = new LinkedHashSet<>();
        all.add(idColumn);
        all.addAll(textColumns);
        if (updatedAtColumn != null) all.add(updatedAtColumn);
        all.addAll(metadataColumns);
        return new ArrayList<>(all);
    }

    /** Each configured column under the field that names it, for check's report. */
    Map<String, String> columnsByRole() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put(idColumn, "idColumn");
        for (String c : textColumns) roles.putIfAbsent(c, "textColumns");
        if (updatedAtColumn != null) roles.putIfAbsent(updatedAtColumn, "updatedAtColumn");
        for (String c : metadataColumns) roles.putIfAbsent(c, "metadataColumns");
        return roles;
    }

    /** The table, or {@code query} for a query source: what metadata and messages call the source. */
    String sourceName() {
        return table != null ? table : "query";
    }

    private static void requireIdentifier(String field, String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException(field + " is missing");
        if (!IDENTIFIER.matcher(name).matches())
            throw new IllegalArgumentException(field + ": '" + name
                    + "' is not a plain identifier (letters, digits, _ and $, not starting with a digit)");
    }

    /** "select ...;" would break when wrapped as a subquery; a trailing semicolon adds nothing. */
    private static String withoutTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        return s;
    }

    @Override
    public String toString() {
        return "JdbcConfig[url=" + Redaction.url(url) + ", user=" + user + ", password="
                + (password == null ? "null" : "***") + ", table=" + table + ", query=" + query + ", textColumns="
                + textColumns + ", headings=" + headings + ", idColumn=" + idColumn + ", updatedAtColumn="
                + updatedAtColumn + ", metadataColumns=" + metadataColumns + ", fetchSize=" + fetchSize
                + ", deletionScan=" + deletionScan + "]";
    }
}
