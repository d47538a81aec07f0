package ai.enclave.connectors.sync;

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
import ai.enclave.connectors.spi.Deletions;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.testing.Prose;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

    @TempDir
    Path dir;

    @Test
    void a_store_survives_reopen_and_forgets_what_was_not_committed() {
        Path storeDir = dir.resolve("store");
        try (SourceStore store = SourceStore.open(storeDir)) {
            store.put(doc("b", "second text"));
            store.put(doc("a", "first text"));
            store.commit(new Cursor("{\"after\":2}"));
            store.put(doc("c", "written after the commit"));
            store.delete("a");
        }
        try (SourceStore store = SourceStore.open(storeDir)) {
            assertThat(store.cursor()).isEqualTo(new Cursor("{\"after\":2}"));
            assertThat(texts(store)).isEqualTo(Map.of("a", "first text", "b", "second text"));
            assertThat(read(store).getFirst().metadata()).containsEntry("path", "a");
            store.put(doc("c", "written again"));
            store.commit(new Cursor("{\"after\":3}"));
        }
        try (SourceStore store = SourceStore.openReadOnly(storeDir)) {
            assertThat(texts(store)).containsEntry("c", "written again").hasSize(3);
        }
    }

    @Test
    void the_same_text_is_not_written_twice_and_compaction_keeps_only_live_documents() throws IOException {
        Path storeDir = dir.resolve("store");
        try (SourceStore store = SourceStore.open(storeDir)) {
            for (int i = 0; i < 20; i++) store.put(doc("doc-" + i, "version 1 of " + i));
            store.commit(Cursor.START);
            assertThat(store.put(doc("doc-3", "version 1 of 3"))).isEqualTo(SourceStore.Change.UNCHANGED);
            // rewriting all of them makes more than half of the bytes dead: the commit compacts
            for (int i = 0; i < 20; i++) store.put(doc("doc-" + i, "version 2 of " + i));
            for (int i = 10; i < 20; i++) store.delete("doc-" + i);
            store.commit(Cursor.START);
        }
        try (Stream<Path> files = Files.list(storeDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("index-")))
                    .containsExactly("index-000002.log");
        }
        try (Stream<Path> segments = Files.list(storeDir.resolve("segments"))) {
            assertThat(segments).hasSize(1);
        }
        try (SourceStore store = SourceStore.open(storeDir)) {
            Map<String, String> expected = new TreeMap<>();
            for (int i = 0; i < 10; i++) expected.put("doc-" + i, "version 2 of " + i);
            assertThat(texts(store)).isEqualTo(expected);
        }
    }

    @Test
    void a_second_sync_of_an_unchanged_directory_reads_nothing_new() throws IOException {
        Path share = share(5);
        Sync.Report first = sync(share, dir.resolve("store"));
        Sync.Report second = sync(share, dir.resolve("store"));

        assertThat(first.read()).isEqualTo(5);
        assertThat(first.added()).isEqualTo(5);
        assertThat(first.complete()).isTrue();
        assertThat(second.read()).isZero();
        assertThat(second.deleted()).isZero();
        assertThat(second.storeDocuments()).isEqualTo(5);
    }

    @Test
    void a_changed_file_is_updated_and_a_deleted_file_leaves_the_store_and_the_next_snapshot() throws IOException {
        Path share = share(12);
        Path storeDir = dir.resolve("store");
        Path tokenizer = tokenizer(share);
        sync(share, storeDir);
        String firstSnapshot = snapshot(storeDir, tokenizer);
        assertThat(snapshotIds(firstSnapshot)).contains("share/page-03.txt", "share/page-07.txt");

        Files.writeString(share.resolve("page-03.txt"), Prose.document(new Random(99), 120));
        Files.setLastModifiedTime(
                share.resolve("page-03.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(share.resolve("page-07.txt"));
        Sync.Report second = sync(share, storeDir);

        assertThat(second.read()).isEqualTo(1);
        assertThat(second.changed()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(1);
        try (SourceStore store = SourceStore.openReadOnly(storeDir)) {
            assertThat(store.contains("page-07.txt")).isFalse();
            assertThat(texts(store).get("page-03.txt").strip())
                    .isEqualTo(Files.readString(share.resolve("page-03.txt")));
        }
        String secondSnapshot = snapshot(storeDir, tokenizer);
        assertThat(secondSnapshot).isNotEqualTo(firstSnapshot);
        assertThat(snapshotIds(secondSnapshot)).contains("share/page-03.txt").doesNotContain("share/page-07.txt");
        JsonNode source = manifest(secondSnapshot).get("sources").get(0);
        assertThat(source.get("name").asText()).isEqualTo("share");
        assertThat(source.get("documents").asInt()).isEqualTo(11);
    }

    @Test
    void a_sync_killed_mid_way_resumes_with_no_document_lost_or_doubled() throws IOException {
        Path share = share(30);
        Path storeDir = dir.resolve("store");
        Sync sync = new Sync(5, report -> {}, () -> false);
        Sync.Source directory = Sync.source(REGISTRY, "directory", rootConfig(share));
        // the reader dies after 12 documents: commits were made after 5 and 10
        Sync.Source dying = (from, context) -> failingAfter(12, directory.open(from, context));
        assertThatThrownBy(() -> sync.run(storeDir, dying, quiet())).hasMessageContaining("killed");

        try (SourceStore store = SourceStore.open(storeDir)) {
            assertThat(store.size()).isEqualTo(10);
        }
        Sync.Report resumed = sync.run(storeDir, directory, quiet());

        assertThat(resumed.read()).isEqualTo(20);
        assertThat(resumed.added()).isEqualTo(20);
        try (SourceStore store = SourceStore.openReadOnly(storeDir)) {
            Map<String, String> expected = new TreeMap<>();
            for (int i = 0; i < 30; i++) {
                String name = String.format("page-%02d.txt", i);
                expected.put(name, Files.readString(share.resolve(name)));
            }
            Map<String, String> stored = new TreeMap<>();
            texts(store).forEach((id, text) -> stored.put(id, text.strip()));
            assertThat(stored).isEqualTo(expected);
        }
    }

    @Test
    void a_stop_request_commits_what_was_read_and_the_next_sync_goes_on() throws IOException {
        Path share = share(8);
        Path storeDir = dir.resolve("store");
        int[] asked = {0};
        Sync stopping = new Sync(100, report -> {}, () -> asked[0]++ >= 3);
        Sync.Report stopped = stopping.run(storeDir, Sync.source(REGISTRY, "directory", rootConfig(share)), quiet());
        Sync.Report rest = sync(share, storeDir);

        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.read()).isEqualTo(3);
        assertThat(rest.read()).isEqualTo(5);
        assertThat(rest.storeDocuments()).isEqualTo(8);
    }

    @Test
    void a_jsonl_line_removed_from_a_changed_file_and_a_deleted_file_leave_the_store() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.jsonl"), lines("a1", "a2", "a3"));
        Files.writeString(data.resolve("b.jsonl"), lines("b1", "b2"));
        Path storeDir = dir.resolve("store");
        ObjectNode config = JSON.createObjectNode().put("path", data.toString()).put("idField", "id");
        Sync sync = new Sync(Sync.DEFAULT_COMMIT_EVERY, report -> {}, () -> false);
        sync.run(storeDir, Sync.source(REGISTRY, "jsonl", config), quiet());

        Files.writeString(data.resolve("a.jsonl"), lines("a1", "a3"));
        Files.setLastModifiedTime(
                data.resolve("a.jsonl"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(data.resolve("b.jsonl"));
        Sync.Report second = sync.run(storeDir, Sync.source(REGISTRY, "jsonl", config), quiet());

        assertThat(second.read()).isEqualTo(2);
        // a3 moved from line 3 to line 2: same text, new "line" metadata
        assertThat(second.unchanged()).isEqualTo(1);
        assertThat(second.changed()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(3);
        try (SourceStore store = SourceStore.openReadOnly(storeDir)) {
            assertThat(texts(store).keySet()).containsExactly("a.jsonl#a1", "a.jsonl#a3");
        }
    }

    @Test
    void a_sync_killed_after_re_reading_a_changed_jsonl_file_drops_its_removed_line_on_the_next_sync()
            throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.jsonl"), lines("a1", "a2", "a3"));
        Files.writeString(data.resolve("b.jsonl"), lines("b1", "b2", "b3"));
        Path storeDir = dir.resolve("store");
        ObjectNode config = JSON.createObjectNode().put("path", data.toString()).put("idField", "id");
        Sync.Source jsonl = Sync.source(REGISTRY, "jsonl", config);
        Sync sync = new Sync(2, report -> {}, () -> false);
        sync.run(storeDir, jsonl, quiet());

        Files.writeString(data.resolve("a.jsonl"), lines("a1", "a3"));
        Files.setLastModifiedTime(
                data.resolve("a.jsonl"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.writeString(data.resolve("b.jsonl"), lines("b1", "b2", "b3", "b4"));
        Files.setLastModifiedTime(
                data.resolve("b.jsonl"), FileTime.from(Instant.now().plusSeconds(6)));
        // a.jsonl read whole (a1, a3), a commit past it, then b1, and the sync dies
        Sync.Source dying = (from, context) -> failingAfter(3, jsonl.open(from, context));
        assertThatThrownBy(() -> sync.run(storeDir, dying, quiet())).hasMessageContaining("killed");
        Sync.Report next = sync.run(storeDir, jsonl, quiet());

        assertThat(next.complete()).isTrue();
        assertThat(next.deleted()).isEqualTo(1);
        try (SourceStore store = SourceStore.openReadOnly(storeDir)) {
            assertThat(texts(store).keySet())
                    .containsExactly(
                            "a.jsonl#a1", "a.jsonl#a3", "b.jsonl#b1", "b.jsonl#b2", "b.jsonl#b3", "b.jsonl#b4");
            assertThat(store.readFrom()).isEqualTo(store.cursor());
        }
    }

    @Test
    void a_listing_is_walked_once_per_sync_however_many_commits_it_makes() {
        Path storeDir = dir.resolve("store");
        List<Document> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) all.add(doc(String.format("doc-%04d", i), "text of " + i));
        Sync sync = new Sync(10, report -> {}, () -> false);
        sync.run(storeDir, (from, context) -> listed(all, id -> true), quiet());

        // the source re-sends half the documents and no longer holds the last ten
        long[] asked = {0};
        Sync.Report second = sync.run(
                storeDir,
                (from, context) -> listed(all.subList(0, 500), id -> {
                    asked[0]++;
                    return id.compareTo("doc-0990") < 0;
                }),
                quiet());

        assertThat(second.deleted()).isEqualTo(10);
        assertThat(second.storeDocuments()).isEqualTo(990);
        // one question per stored document the sync did not read again; a walk at each of its 50 commits
        // asked 36,760
        assertThat(asked[0]).isEqualTo(500);
    }

    @Test
    void the_same_text_with_new_metadata_is_stored_and_read_back_with_the_new_metadata() {
        Path storeDir = dir.resolve("store");
        try (SourceStore store = SourceStore.open(storeDir)) {
            store.put(new Document("a", "same text", Map.of("modified", "2026-01-01", "owner", "ann")));
            store.commit(new Cursor("{\"after\":1}"));
        }
        try (SourceStore store = SourceStore.open(storeDir)) {
            Document renamed = new Document("a", "same text", Map.of("modified", "2026-02-01", "owner", "bob"));
            assertThat(store.put(renamed)).isEqualTo(SourceStore.Change.METADATA);
            assertThat(store.put(renamed)).isEqualTo(SourceStore.Change.UNCHANGED);
            store.commit(new Cursor("{\"after\":2}"));
        }
        try (SourceStore store = SourceStore.open(storeDir)) {
            assertThat(read(store).getFirst().metadata()).isEqualTo(Map.of("modified", "2026-02-01", "owner", "bob"));
            // the metadata hash survives reopening: the same document is not written again
            assertThat(store.put(new Document("a", "same text", Map.of("owner", "bob", "modified", "2026-02-01"))))
                    .isEqualTo(SourceStore.Change.UNCHANGED);
        }
    }

    @Test
    void the_store_connector_reads_a_synced_store_through_the_registry() throws IOException {
        Path share = share(3);
        Path storeDir = dir.resolve("store");
        sync(share, storeDir);
        JsonNode config = JSON.createObjectNode().put("dir", storeDir.toString());

        CheckResult check = REGISTRY.check("store", config, quiet());
        List<String> ids = new ArrayList<>();
        try (DocumentReader reader = REGISTRY.read("store", config, Cursor.START, quiet())) {
            reader.forEachRemaining(d -> ids.add(d.id()));
        }

        assertThat(check.ok()).isTrue();
        assertThat(check.message()).contains("3 documents");
        assertThat(ids).containsExactly("page-00.txt", "page-01.txt", "page-02.txt");
        assertThat(REGISTRY.check(
                                "store",
                                JSON.createObjectNode()
                                        .put("dir", dir.resolve("none").toString()),
                                quiet())
                        .message())
                .contains("no source store");
    }

    @Test
    void a_second_writer_is_refused_while_the_first_holds_the_store() {
        Path storeDir = dir.resolve("store");
        try (SourceStore first = SourceStore.open(storeDir)) {
            assertThat(first.size()).isZero();
            assertThatThrownBy(() -> SourceStore.open(storeDir))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("in use");
        }
    }

    // ---- helpers ----

    private static Document doc(String id, String text) {
        return new Document(id, text, Map.of("path", id));
    }

    private static List<Document> read(SourceStore store) {
        List<Document> out = new ArrayList<>();
        try (CloseableIterator<Document> docs = store.documents()) {
            docs.forEachRemaining(out::add);
        }
        return out;
    }

    private static Map<String, String> texts(SourceStore store) {
        Map<String, String> out = new TreeMap<>();
        read(store).forEach(d -> out.put(d.id(), d.text()));
        return out;
    }

    private Path share(int files) throws IOException {
        Path share = Files.createDirectories(dir.resolve("share"));
        Random r = new Random(7);
        for (int i = 0; i < files; i++) {
            Files.writeString(share.resolve(String.format("page-%02d.txt", i)), Prose.document(r, 120));
        }
        return share;
    }

    private static ObjectNode rootConfig(Path share) {
        return JSON.createObjectNode().put("root", share.toString());
    }

    private static Sync.Report sync(Path share, Path storeDir) {
        return new Sync(Sync.DEFAULT_COMMIT_EVERY, report -> {}, () -> false)
                .run(storeDir, Sync.source(REGISTRY, "directory", rootConfig(share)), quiet());
    }

    private static ConnectorContext quiet() {
        return ConnectorContext.of((id, reason) -> {});
    }

    private static String lines(String... ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids)
            sb.append("{\"id\": \"")
                    .append(id)
                    .append("\", \"text\": \"record ")
                    .append(id)
                    .append("\"}\n");
        return sb.toString();
    }

    /**
     * A source holding {@code docs} (read in order, the cursor counting them) and listing what {@code
     * stillThere} accepts.
     */
    private static DocumentReader listed(List<Document> docs, Predicate<String> stillThere) {
        var it = docs.iterator();
        int[] returned = {0};
        return new DocumentReader() {
            @Override
            public Cursor cursor() {
                return new Cursor("{\"after\":" + returned[0] + "}");
            }

            @Override
            public Deletions deletions() {
                return Deletions.listing(stillThere);
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Document next() {
                returned[0]++;
                return it.next();
            }

            @Override
            public void close() {}
        };
    }

    /** The reader of a sync that dies: it throws when asked for document {@code n + 1}. */
    private static DocumentReader failingAfter(int n, DocumentReader inner) {
        return new DocumentReader() {
            private int returned;

            @Override
            public Cursor cursor() {
                return inner.cursor();
            }

            @Override
            public Deletions deletions() {
                return inner.deletions();
            }

            @Override
            public boolean hasNext() {
                if (returned == n) throw new IllegalStateException("killed after " + n + " documents");
                return inner.hasNext();
            }

            @Override
            public Document next() {
                returned++;
                return inner.next();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private Path tokenizer(Path share) throws IOException {
        Path tokenizer = Files.createDirectories(dir.resolve("tokenizer"));
        try (Stream<Path> files = Files.list(share)) {
            TokenizerTraining.train(
                    files.sorted().toList(), TrainerConfig.byteLevel(400), tokenizer.resolve("tokenizer.json"));
        }
        return tokenizer;
    }

    private String snapshot(Path storeDir, Path tokenizer) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode source =
                config.putArray("sources").addObject().put("name", "share").put("type", "store");
        source.putObject("config").put("dir", storeDir.toString());
        config.put("tokenizer", tokenizer.toString());
        config.put("output", dir.resolve("snapshots").toString());
        config.put("validationFraction", 0.0);
        config.putObject("quality").put("minWords", 20);
        config.putObject("boilerplate").put("enabled", false);
        config.putObject("language").put("enabled", false);
        DataPreparation.Result result = DataPreparation.run(PrepareConfig.fromJson(config), (phase, d, b) -> {});
        return result.id();
    }

    private JsonNode manifest(String snapshot) throws IOException {
        return JSON.readTree(dir.resolve("snapshots")
                .resolve(snapshot)
                .resolve("manifest.json")
                .toFile());
    }

    private List<String> snapshotIds(String snapshot) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line :
                Files.readAllLines(dir.resolve("snapshots").resolve(snapshot).resolve("documents.jsonl"))) {
            ids.add(JSON.readTree(line).get("id").asText());
        }
        return ids;
    }
}
