package ai.enclave.connectors.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryConnectorTest {
    @TempDir
    static Path root;

    static final Map<String, String> MARKERS = new TreeMap<>();

    @BeforeAll
    static void writeOneFileOfEachFormat() throws IOException {
        Files.createDirectories(root.resolve("docs/deep"));
        Files.createDirectories(root.resolve("src"));
        Fixtures.docx(root.resolve("docs/policy.docx"), mark("docs/policy.docx", "Word marker travel policy"));
        Fixtures.pptx(root.resolve("docs/deck.pptx"), mark("docs/deck.pptx", "Slide marker roadmap"));
        Fixtures.xlsx(root.resolve("docs/budget.xlsx"), mark("docs/budget.xlsx", "Sheet marker budget"));
        Fixtures.pdf(
                root.resolve("docs/deep/report.pdf"), mark("docs/deep/report.pdf", "PDF marker annual report"), null);
        Fixtures.odt(root.resolve("docs/minutes.odt"), mark("docs/minutes.odt", "ODT marker meeting minutes"));
        Fixtures.eml(root.resolve("mail.eml"), mark("mail.eml", "EML marker please review"));
        Files.writeString(root.resolve("notes.txt"), mark("notes.txt", "Plain marker notes"));
        Files.writeString(root.resolve("README.md"), "# Title\n\n" + mark("README.md", "Markdown marker readme"));
        Files.writeString(
                root.resolve("page.html"),
                "<html><head><title>Intranet</title></head><body><p>" + mark("page.html", "HTML marker intranet page")
                        + "</p><script>var x = 1;</script></body></html>");
        Files.writeString(root.resolve("table.csv"), "name,comment\nbob," + mark("table.csv", "CSV marker row") + "\n");
        Files.writeString(root.resolve("data.json"), "{\"note\": \"" + mark("data.json", "JSON marker value") + "\"}");
        Files.writeString(root.resolve("rows.jsonl"), "{\"t\": \"" + mark("rows.jsonl", "JSONL marker line") + "\"}\n");
        Files.writeString(
                root.resolve("src/Main.java"),
                "class Main {\n    // " + mark("src/Main.java", "Java marker comment") + "\n    int x;\n}\n");
    }

    private static String mark(String file, String text) {
        MARKERS.put(file, text);
        return text;
    }

    private static List<Document> readAll(Map<String, Object> config, Cursor cursor, List<String> skipped)
            throws IOException {
        try (DocumentReader r = read(config, cursor, skipped)) {
            List<Document> docs = new ArrayList<>();
            r.forEachRemaining(docs::add);
            return docs;
        }
    }

    private static DocumentReader read(Map<String, Object> config, Cursor cursor, List<String> skipped) {
        return ConnectorRegistry.load()
                .read(
                        "directory",
                        new ObjectMapper().valueToTree(config),
                        cursor,
                        ConnectorContext.of((id, reason) -> skipped.add(id + ": " + reason)));
    }

    @Test
    void text_is_extracted_from_every_supported_format_through_the_registry() throws IOException {
        List<String> skipped = new ArrayList<>();
        List<Document> docs = readAll(Map.of("root", root.toString()), Cursor.START, skipped);

        assertThat(skipped).isEmpty();
        Map<String, String> textById = new TreeMap<>();
        docs.forEach(d -> textById.put(d.id(), d.text()));
        assertThat(textById.keySet()).containsExactlyInAnyOrderElementsOf(MARKERS.keySet());
        MARKERS.forEach(
                (file, marker) -> assertThat(textById.get(file)).as(file).contains(marker));
        assertThat(textById.get("page.html")).doesNotContain("var x");
        assertThat(textById.get("src/Main.java")).contains("    int x;");
    }

    @Test
    void metadata_carries_path_modification_time_owner_type_and_kind() throws IOException {
        Instant when = Instant.parse("2025-06-01T12:00:00Z");
        Files.setLastModifiedTime(root.resolve("src/Main.java"), FileTime.from(when));
        Document java = readAll(
                        Map.of("root", root.toString(), "include", List.of("**/*.java")),
                        Cursor.START,
                        new ArrayList<>())
                .getFirst();
        Document pdf = readAll(
                        Map.of("root", root.toString(), "include", List.of("**/*.pdf")),
                        Cursor.START,
                        new ArrayList<>())
                .getFirst();

        assertThat(java.metadata())
                .containsEntry("path", "src/Main.java")
                .containsEntry("modified", "2025-06-01T12:00:00Z")
                .containsEntry(
                        "owner", Files.getOwner(root.resolve("src/Main.java")).getName())
                .containsEntry("kind", "code");
        assertThat(pdf.metadata())
                .containsEntry("content_type", "application/pdf")
                .containsEntry("kind", "prose");
    }

    @Test
    void include_and_exclude_globs_select_the_files_read() throws IOException {
        List<Document> docs = readAll(
                Map.of(
                        "root",
                        root.toString(),
                        "include",
                        List.of("**/*.md", "docs/**"),
                        "exclude",
                        List.of("**/deep/**")),
                Cursor.START,
                new ArrayList<>());

        assertThat(docs)
                .extracting(Document::id)
                .containsExactlyInAnyOrder(
                        "README.md", "docs/policy.docx", "docs/deck.pptx", "docs/budget.xlsx", "docs/minutes.odt");
    }

    @Test
    void second_sync_reads_only_files_modified_after_the_cursor(@TempDir Path share) throws IOException {
        Files.writeString(share.resolve("a.txt"), "first file");
        Files.writeString(share.resolve("b.txt"), "second file");
        Files.setLastModifiedTime(share.resolve("a.txt"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Files.setLastModifiedTime(share.resolve("b.txt"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Map<String, Object> config = Map.of("root", share.toString());
        Cursor afterFirst;
        try (DocumentReader r = read(config, Cursor.START, new ArrayList<>())) {
            r.forEachRemaining(d -> {});
            afterFirst = r.cursor();
        }

        assertThat(readAll(config, afterFirst, new ArrayList<>())).isEmpty();

        Files.writeString(share.resolve("a.txt"), "first file, edited");
        Files.setLastModifiedTime(share.resolve("a.txt"), FileTime.from(Instant.parse("2025-02-01T00:00:00Z")));
        // written in the same clock tick as the last sync's newest file: must still be read
        Files.writeString(share.resolve("c.txt"), "third file");
        Files.setLastModifiedTime(share.resolve("c.txt"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(readAll(config, afterFirst, new ArrayList<>()))
                .extracting(Document::id, d -> d.text().strip())
                .containsExactly(tuple("c.txt", "third file"), tuple("a.txt", "first file, edited"));
    }

    @Test
    void utf8_text_is_read_exactly_and_other_charsets_are_detected(@TempDir Path share) throws IOException {
        // Tika's charset detector alone took this UTF-8 text (from the bench corpus) for GB18030
        String spanish = "Más del la cliente con, equipo de el, el reunión y más, las reunión no son la que. Una un"
                + " pago preparar semanal el son son del, en lo presupuesto, producto informe se, del se un al.\n";
        Files.writeString(share.resolve("es.txt"), spanish);
        Files.write(share.resolve("bom.md"), ("\uFEFF# Überschrift\n").getBytes(StandardCharsets.UTF_8));
        String latin1 = "Les élèves ont déjà répondu à la question; ça a été très intéressant pour eux.\n".repeat(4);
        Files.write(share.resolve("fr.txt"), latin1.getBytes(StandardCharsets.ISO_8859_1));

        Map<String, Document> docs = new TreeMap<>();
        for (Document d : readAll(Map.of("root", share.toString()), Cursor.START, new ArrayList<>())) {
            docs.put(d.id(), d);
        }

        assertThat(docs.get("es.txt").text()).isEqualTo(spanish);
        assertThat(docs.get("es.txt").metadata()).containsEntry("content_type", "text/plain; charset=UTF-8");
        assertThat(docs.get("bom.md").text()).isEqualTo("# Überschrift\n");
        assertThat(docs.get("fr.txt").text().strip()).isEqualTo(latin1.strip());
        assertThat(docs.get("fr.txt").metadata().get("content_type")).doesNotContain("UTF-8");
    }

    @Test
    void corrupt_encrypted_and_binary_files_are_skipped_with_a_reason_and_the_read_goes_on(@TempDir Path share)
            throws IOException {
        Files.writeString(share.resolve("broken.pdf"), "%PDF-1.7\nthis is not really a pdf\n%%EOF");
        Fixtures.pdf(share.resolve("secret.pdf"), "Encrypted marker", "s3cret");
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(share.resolve("junk.txt"), junk);
        Files.write(share.resolve("empty.docx"), new byte[0]);
        Files.writeString(share.resolve("good.txt"), "still read");
        List<String> skipped = new ArrayList<>();

        List<Document> docs = readAll(Map.of("root", share.toString()), Cursor.START, skipped);

        assertThat(docs).extracting(Document::id).containsExactly("good.txt");
        assertThat(skipped).hasSize(4);
        assertThat(skipped).anyMatch(s -> s.startsWith("secret.pdf: encrypted"));
        assertThat(skipped).anyMatch(s -> s.startsWith("junk.txt: binary content"));
        assertThat(skipped).anyMatch(s -> s.startsWith("empty.docx: empty file"));
        assertThat(skipped).anyMatch(s -> s.startsWith("broken.pdf: "));
    }

    @Test
    void a_file_over_the_item_size_limit_is_skipped_without_being_opened(@TempDir Path share) throws IOException {
        Files.writeString(share.resolve("huge.txt"), "x".repeat(5000));
        Files.writeString(share.resolve("small.txt"), "fits");
        List<String> skipped = new ArrayList<>();
        ConnectorContext tight = new ConnectorContext(Map.of(), 1000, (id, reason) -> skipped.add(id + ": " + reason));

        List<String> ids = new ArrayList<>();
        try (DocumentReader r =
                new DirectoryConnector().read(new DirectoryConfig(share.toString(), null, null), Cursor.START, tight)) {
            r.forEachRemaining(d -> ids.add(d.id()));
        }

        assertThat(ids).containsExactly("small.txt");
        assertThat(skipped).containsExactly("huge.txt: larger than 1000 bytes (5000)");
    }

    @Test
    void symbolic_links_are_not_followed_even_out_of_the_root(@TempDir Path share, @TempDir Path outside)
            throws IOException {
        Files.writeString(outside.resolve("private.txt"), "outside the share");
        Files.createDirectories(share.resolve("inside"));
        Files.writeString(share.resolve("inside/ok.txt"), "inside the share");
        Files.createSymbolicLink(share.resolve("inside/link.txt"), outside.resolve("private.txt"));
        Files.createSymbolicLink(share.resolve("linkdir"), outside);
        List<String> skipped = new ArrayList<>();

        List<Document> docs = readAll(Map.of("root", share.toString()), Cursor.START, skipped);

        assertThat(docs).extracting(d -> d.text().strip()).containsExactly("inside the share");
        assertThat(skipped)
                .contains("inside/link.txt: symbolic link (not followed)", "linkdir: symbolic link (not followed)");
    }

    @Test
    void check_reports_a_missing_root_instead_of_throwing() {
        CheckResult missing = new DirectoryConnector()
                .check(new DirectoryConfig("/no/such/share", null, null), ConnectorContext.of((a, b) -> {}));
        CheckResult present = new DirectoryConnector()
                .check(new DirectoryConfig(root.toString(), null, null), ConnectorContext.of((a, b) -> {}));

        assertThat(missing.ok()).isFalse();
        assertThat(missing.message()).contains("/no/such/share");
        assertThat(present.ok()).isTrue();
    }
}
