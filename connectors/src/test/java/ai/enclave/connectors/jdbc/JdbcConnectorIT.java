package ai.enclave.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import ai.enclave.connectors.testing.Prose;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc connector against a real PostgreSQL, always through the registry (the dispatch path of a sync). */
class JdbcConnectorIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private String url;
    private final List<String> skipped = new ArrayList<>();

    @BeforeEach
    void aDatabaseWithTickets() throws SQLException {
        url = TestPostgres.freshDatabase();
        sql("""
                create table tickets (
                  id bigint primary key,
                  subject text,
                  body text,
                  author text,
                  product text,
                  updated_at timestamptz not null)""");
        sql("""
                insert into tickets values
                  (1, 'Printer jams', 'The printer on floor 2 jams on A3 paper.', 'ana', 'printers', '2025-03-01 09:00:00+00'),
                  (2, 'VPN drops', 'The VPN drops every hour since the update.', 'ben', 'network', '2025-03-01 10:00:00+00'),
                  (3, 'Password reset', 'How do I reset my password?', 'cy', null, '2025-03-01 10:00:00+00'),
                  (4, null, '  ', 'dee', 'printers', '2025-03-01 11:00:00+00')""");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = TestPostgres.owner(url);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = TestPostgres.owner(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ObjectNode tickets() {
        ObjectNode config = JSON.createObjectNode()
                .put("url", url)
                .put("user", TestPostgres.USER)
                .put("password", TestPostgres.PASSWORD)
                .put("table", "public.tickets")
                .put("idColumn", "id")
                .put("updatedAtColumn", "updated_at");
        config.putArray("textColumns").add("subject").add("body");
        config.putObject("headings").put("subject", "Subject:");
        config.putArray("metadataColumns").add("author").add("product");
        return config;
    }

    private record Sync(List<Document> documents, Cursor cursor) {
        List<String> ids() {
            return documents.stream().map(Document::id).toList();
        }
    }

    private Sync sync(JsonNode config, Cursor from) {
        List<Document> docs = new ArrayList<>();
        try (DocumentReader r = ConnectorRegistry.load().read("jdbc", config, from, context())) {
            r.forEachRemaining(docs::add);
            return new Sync(docs, r.cursor());
        }
    }

    private CheckResult check(JsonNode config) {
        return ConnectorRegistry.load().check("jdbc", config, context());
    }

    private ConnectorContext context() {
        return ConnectorContext.of((id, reason) -> skipped.add(id + ": " + reason));
    }

    @Test
    void a_deleted_row_leaves_the_source_store_when_the_id_scan_is_on(@TempDir Path tmp) throws SQLException {
        ObjectNode config = tickets().put("deletionScan", true);
        ai.enclave.connectors.sync.Sync sync = new ai.enclave.connectors.sync.Sync(100, report -> {}, () -> false);
        var source = ai.enclave.connectors.sync.Sync.source(ConnectorRegistry.load(), "jdbc", config);
        Path store = tmp.resolve("store");
        sync.run(store, source, context());

        sql("delete from tickets where id = 2");
        sql("update tickets set body = 'Resolved: hold the reset button.', updated_at = '2025-03-02 09:00:00+00'"
                + " where id = 3");
        var second = sync.run(store, source, context());

        assertThat(second.read()).isEqualTo(1);
        assertThat(second.changed()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(1);
        try (var stored = ai.enclave.connectors.sync.SourceStore.openReadOnly(store)) {
            assertThat(stored.contains("2")).isFalse();
            assertThat(stored.contains("1")).isTrue();
            assertThat(stored.size()).isEqualTo(2);
        }
        // without the scan a reader reports nothing deleted
        try (DocumentReader r = ConnectorRegistry.load().read("jdbc", tickets(), Cursor.START, context())) {
            assertThat(r.deletions().listed()).isNull();
        }
    }

    @Test
    void a_table_gives_one_document_per_row_with_its_id_joined_text_columns_and_metadata() {
        Sync s = sync(tickets(), Cursor.START);

        assertThat(s.ids()).containsExactly("1", "2", "3");
        Document first = s.documents().getFirst();
        assertThat(first.text()).isEqualTo("Subject:\nPrinter jams\n\nThe printer on floor 2 jams on A3 paper.");
        assertThat(first.metadata())
                .containsEntry("source_type", "jdbc")
                .containsEntry("table", "public.tickets")
                .containsEntry("author", "ana")
                .containsEntry("product", "printers")
                .containsEntry("updated_at", "2025-03-01T09:00Z");
        assertThat(s.documents().get(2).metadata()).doesNotContainKey("product");
        assertThat(skipped).containsExactly("4: no text in [subject, body]");
        assertThat(s.documents())
                .allSatisfy(d -> assertThat(d.metadata().values().toString())
                        .doesNotContain(TestPostgres.PASSWORD)
                        .doesNotContain(url));
    }

    @Test
    void discovery_lists_every_row_id_with_its_updated_at() {
        JdbcConnector connector = new JdbcConnector();
        List<Item> items = new ArrayList<>();
        try (CloseableIterator<Item> it =
                connector.discover(ConnectorRegistry.config(connector, tickets()), context())) {
            it.forEachRemaining(items::add);
        }

        assertThat(items).extracting(Item::id).containsExactly("1", "2", "3", "4");
        assertThat(items.getFirst().modified()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
    }

    @Test
    void an_incremental_sync_after_updates_and_inserts_returns_only_those_rows() throws SQLException {
        Sync first = sync(tickets(), Cursor.START);
        assertThat(first.cursor().value()).contains("2025-03-01T11:00Z").contains("\"4\"");

        sql(
                "update tickets set body = 'Fixed by replacing the roller.', updated_at = '2025-03-02 08:00:00+00' where id = 1");
        sql("""
                insert into tickets values
                  (5, 'New laptop', 'Please order a laptop for the new hire.', 'eve', 'hardware', '2025-03-02 08:00:00+00'),
                  (6, 'Badge', 'My badge stopped working.', 'fay', 'access', '2025-03-02 09:30:00+00')""");
        Sync second = sync(tickets(), first.cursor());

        assertThat(second.ids()).containsExactly("1", "5", "6");
        assertThat(second.documents().getFirst().text()).endsWith("Fixed by replacing the roller.");

        // a row committed late with the newest timestamp, and a smaller id than the rows already read
        sql(
                "insert into tickets values (0, 'Late', 'Committed late with an old timestamp.', 'gus', null, '2025-03-02 09:30:00+00')");
        Sync third = sync(tickets(), second.cursor());
        assertThat(third.ids()).containsExactly("0");

        Sync fourth = sync(tickets(), third.cursor());
        assertThat(fourth.ids()).isEmpty();
        assertThat(fourth.cursor()).isEqualTo(third.cursor());
    }

    @Test
    void a_sync_stopped_between_rows_with_the_same_timestamp_goes_on_with_the_rest() {
        List<Document> firstTwo = new ArrayList<>();
        Cursor stoppedAt;
        try (DocumentReader r = ConnectorRegistry.load().read("jdbc", tickets(), Cursor.START, context())) {
            firstTwo.add(r.next());
            firstTwo.add(r.next()); // id 2 at 10:00; id 3 has the same timestamp
            stoppedAt = r.cursor();
        }

        Sync rest = sync(tickets(), stoppedAt);

        assertThat(firstTwo).extracting(Document::id).containsExactly("1", "2");
        assertThat(rest.ids()).containsExactly("3");
    }

    @Test
    void a_query_source_reads_what_the_query_selects_and_syncs_incrementally() throws SQLException {
        sql("create table products (name text primary key, team text)");
        sql("insert into products values ('printers', 'Facilities'), ('network', 'IT Ops')");
        ObjectNode config = tickets();
        config.remove("table");
        config.put("query", """
                select t.id as ticket, t.subject || ' (' || p.team || ')' as title, t.body, t.updated_at
                from tickets t join products p on p.name = t.product;""");
        config.put("idColumn", "ticket");
        config.putArray("textColumns").add("title").add("body");
        config.remove("headings");
        config.putArray("metadataColumns");

        Sync first = sync(config, Cursor.START);
        assertThat(first.ids()).containsExactly("1", "2");
        assertThat(first.documents().get(1).text())
                .isEqualTo("VPN drops (IT Ops)\n\nThe VPN drops every hour since the update.");
        assertThat(first.documents().get(1).metadata()).doesNotContainKey("table");

        sql("update tickets set updated_at = '2025-04-01 00:00:00+00' where id = 2");
        assertThat(sync(config, first.cursor()).ids()).containsExactly("2");
    }

    @Test
    void check_reports_the_columns_found_and_that_the_configured_ones_exist() {
        CheckResult ok = check(tickets());

        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message())
                .contains("id, subject, body, author, product, updated_at")
                .contains("updated-at 'updated_at' (timestamp_tz)")
                .doesNotContain(TestPostgres.PASSWORD);
    }

    @Test
    void check_names_each_missing_column_with_its_field_and_the_columns_that_exist() {
        ObjectNode config = tickets();
        config.putArray("textColumns").add("Subject").add("content");
        config.remove("headings");
        config.put("updatedAtColumn", "modified");

        CheckResult bad = check(config);

        assertThat(bad.ok()).isFalse();
        assertThat(bad.message())
                .contains("textColumns 'Subject' (did you mean 'subject'?")
                .contains("textColumns 'content'")
                .contains("updatedAtColumn 'modified'")
                .contains("columns found: id, subject, body, author, product, updated_at");
    }

    @Test
    void a_wrong_password_is_a_failed_check_that_does_not_repeat_the_password() {
        ObjectNode config = tickets().put("password", "not-the-password");

        CheckResult bad = check(config);

        assertThat(bad.ok()).isFalse();
        assertThat(bad.message()).contains("password authentication failed").doesNotContain("not-the-password");
    }

    @Test
    void an_unreachable_database_or_a_missing_table_is_a_failed_check() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CheckResult unreachable = check(tickets().put("url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x"));
        CheckResult noTable = check(tickets().put("table", "archive.tickets"));
        CheckResult noDriver = check(tickets().put("url", "jdbc:oracle:thin:@db:1521/x?password=leak"));

        assertThat(unreachable.ok()).isFalse();
        assertThat(unreachable.message()).contains("127.0.0.1:" + closedPort);
        assertThat(noTable.ok()).isFalse();
        assertThat(noTable.message()).contains("relation \"archive.tickets\" does not exist");
        assertThat(noDriver.ok()).isFalse();
        assertThat(noDriver.message()).contains("no JDBC driver for 'oracle'").doesNotContain("leak");
    }

    @Test
    void names_that_would_inject_sql_are_config_errors_naming_the_field() throws SQLException {
        CheckResult table = check(tickets().put("table", "tickets; drop table tickets"));
        ObjectNode badColumn = tickets();
        badColumn.putArray("textColumns").add("body\" from tickets; --");
        CheckResult column = check(badColumn);
        CheckResult both = check(tickets().put("query", "select 1"));

        assertThat(table.message()).contains("table: 'tickets; drop table tickets' is not a plain identifier");
        assertThat(column.message()).contains("textColumns: 'body\" from tickets; --' is not a plain identifier");
        assertThat(both.message()).contains("give exactly one of table and query");
        assertThat(count("select count(*) from tickets")).isEqualTo(4);
    }

    @Test
    void a_write_hidden_in_the_query_is_refused_by_the_read_only_transaction() throws SQLException {
        sql("""
                create function take_tickets() returns setof tickets language sql
                as $$ delete from tickets returning * $$""");
        ObjectNode config = tickets();
        config.remove("table");
        config.put("query", "select * from take_tickets()");

        assertThatThrownBy(() -> sync(config, Cursor.START))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("cannot execute DELETE in a read-only transaction");
        ObjectNode sequence = tickets();
        sequence.remove("table");
        sequence.put("query", "select t.*, nextval('s') from tickets t");
        sql("create sequence s");
        assertThatThrownBy(() -> sync(sequence, Cursor.START))
                .hasMessageContaining("cannot execute nextval() in a read-only transaction");
        assertThat(count("select count(*) from tickets")).isEqualTo(4);
    }

    @Test
    void rows_are_streamed_a_fetch_at_a_time_instead_of_loading_the_table() throws SQLException {
        sql("""
                insert into tickets select g, 'Bulk ' || g, repeat('bulk text ', 40), 'bot', null, '2025-05-01 00:00:00+00'
                from generate_series(100, 300099) g""");
        Runtime rt = Runtime.getRuntime();
        long before = usedHeap(rt);
        try (DocumentReader r = ConnectorRegistry.load().read("jdbc", tickets(), Cursor.START, context())) {
            for (int i = 0; i < 10; i++) r.next();
            long held = usedHeap(rt) - before;
            // 300,000 rows of ~420 characters: loaded at once they would take well over 200 MB
            assertThat(held).as("heap held while the reader is open").isLessThan(32L << 20);
        }
    }

    private static long usedHeap(Runtime rt) {
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void a_connection_dropped_mid_sync_ends_the_read_with_a_reason_and_the_next_sync_reads_the_rest()
            throws SQLException {
        sql("""
                insert into tickets select g, 'Bulk ' || g, 'text of ticket ' || g, 'bot', null,
                  timestamptz '2025-05-01 00:00:00+00' + g * interval '1 second'
                from generate_series(100, 1099) g""");
        ObjectNode config = tickets().put("fetchSize", 50);
        List<String> ids = new ArrayList<>();
        Cursor stoppedAt;
        try (DocumentReader r = ConnectorRegistry.load().read("jdbc", config, Cursor.START, context())) {
            for (int i = 0; i < 20; i++) ids.add(r.next().id());
            sql("select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
                    + ReadOnlySession.APPLICATION_NAME + "'");
            r.forEachRemaining(d -> ids.add(d.id()));
            stoppedAt = r.cursor();
        }
        assertThat(ids).hasSizeLessThan(1003);
        assertThat(skipped).anySatisfy(s -> assertThat(s).startsWith("public.tickets: reading stopped after"));

        Sync rest = sync(config, stoppedAt);

        List<String> all = new ArrayList<>(ids);
        all.addAll(rest.ids());
        assertThat(all).doesNotHaveDuplicates().hasSize(1003);
    }

    @Test
    void a_prepare_run_with_a_jdbc_source_tokenizes_its_rows_into_a_snapshot(@TempDir Path dir)
            throws IOException, SQLException {
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            sql("insert into tickets values (" + (10 + i) + ", 'Report " + i + "', '" + Prose.document(random, 120)
                    + "', 'ops', 'reports', '2025-06-01 00:00:00+00')");
        }
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, Prose.document(new Random(8), 3000));
        Path tokenizer = Files.createDirectories(dir.resolve("tokenizer"));
        TokenizerTraining.train(List.of(corpus), TrainerConfig.byteLevel(400), tokenizer.resolve("tokenizer.json"));
        ObjectNode prepare = JSON.createObjectNode()
                .put("tokenizer", tokenizer.toString())
                .put("output", dir.resolve("snapshots").toString())
                .put("validationFraction", 0.0)
                .put("shardTokens", 100_000);
        prepare.putArray("sources")
                .addObject()
                .put("name", "helpdesk")
                .put("type", "jdbc")
                .set("config", tickets());

        DataPreparation.Result result = DataPreparation.run(PrepareConfig.fromJson(prepare), (p, d, b) -> {});

        JsonNode source = result.manifest().get("sources").get(0);
        assertThat(source.get("type").asText()).isEqualTo("jdbc");
        assertThat(source.get("documents").asInt()).isEqualTo(33);
        assertThat(result.manifest().get("documents").get("train").asInt()).isPositive();
        try (Stream<Path> files = Files.walk(result.directory())) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain(TestPostgres.PASSWORD);
        }
    }

    @Test
    void the_config_string_never_shows_the_password() {
        JdbcConfig config = ConnectorRegistry.config(new JdbcConnector(), tickets());

        assertThat(config.toString()).contains("password=***").doesNotContain(TestPostgres.PASSWORD);
        assertThat(Map.of("c", config).toString()).doesNotContain(TestPostgres.PASSWORD);
    }
}
