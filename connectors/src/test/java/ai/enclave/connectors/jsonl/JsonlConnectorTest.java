package ai.enclave.connectors.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlConnectorTest {
    @TempDir
    Path share;

    private record Sync(List<Document> documents, List<String> skipped, Cursor cursor) {}

    private Sync sync(Map<String, Object> config, Cursor from) {
        List<String> skipped = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        try (DocumentReader r = ConnectorRegistry.load()
                .read(
                        "jsonl",
                        new ObjectMapper().valueToTree(config),
                        from,
                        ConnectorContext.of((id, reason) -> skipped.add(id + ": " + reason)))) {
            r.forEachRemaining(docs::add);
            return new Sync(docs, skipped, r.cursor());
        }
    }

    private void gzip(Path file, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void plain_and_gzipped_files_give_one_document_per_line_from_the_configured_field() throws IOException {
        Files.createDirectories(share.resolve("wiki"));
        Files.writeString(
                share.resolve("wiki/part-0.jsonl"),
                "{\"id\": 1, \"body\": {\"text\": \"Erster Artikel\"}}\n{\"id\": 2, \"body\": {\"text\": \"second\"}}\n");
        gzip(share.resolve("wiki/part-1.jsonl.gz"), "{\"id\": 3, \"body\": {\"text\": \"третий\"}}\n");
        Files.writeString(share.resolve("wiki/ignored.txt"), "{\"body\": {\"text\": \"not a dataset file\"}}\n");

        Sync s = sync(Map.of("path", share.toString(), "textField", "body.text", "idField", "id"), Cursor.START);

        assertThat(s.skipped()).isEmpty();
        assertThat(s.documents())
                .extracting(Document::text)
                .containsExactlyInAnyOrder("Erster Artikel", "second", "третий");
        assertThat(s.documents()).extracting(Document::id).contains("wiki/part-0.jsonl#1", "wiki/part-1.jsonl.gz#3");
    }

    @Test
    void a_single_file_path_reads_that_file_with_the_default_text_field() throws IOException {
        Path file = share.resolve("c4-sample.jsonl");
        Files.writeString(file, "{\"text\": \"one\"}\n\n{\"text\": \"two\"}\n");

        Sync s = sync(Map.of("path", file.toString()), Cursor.START);

        assertThat(s.documents()).extracting(Document::id).containsExactly("c4-sample.jsonl:1", "c4-sample.jsonl:3");
    }

    @Test
    void bad_lines_are_skipped_with_their_line_number_and_reading_goes_on() throws IOException {
        Files.writeString(
                share.resolve("mixed.jsonl"),
                "{\"text\": \"good\"}\nnot json at all\n{\"title\": \"no text\"}\n{\"text\": 42}\n{\"text\": \"also good\"}\n");

        Sync s = sync(Map.of("path", share.toString()), Cursor.START);

        assertThat(s.documents()).extracting(Document::text).containsExactly("good", "also good");
        assertThat(s.skipped())
                .containsExactly(
                        "mixed.jsonl:2: not JSON",
                        "mixed.jsonl:3: no text in field 'text'",
                        "mixed.jsonl:4: no text in field 'text'");
    }

    @Test
    void invalid_utf8_bytes_become_replacement_characters_and_the_line_is_kept() throws IOException {
        // byte 0xC3 is a UTF-8 lead byte; followed by a space it is malformed
        byte[] line = "{\"text\": \"caf\u00c3 ok\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(share.resolve("latin.jsonl"), line);

        Sync s = sync(Map.of("path", share.toString()), Cursor.START);

        assertThat(s.documents()).extracting(Document::text).containsExactly("caf\uFFFD ok");
    }

    @Test
    void a_truncated_gzip_file_keeps_the_lines_before_the_damage() throws IOException {
        Path good = share.resolve("whole.jsonl.gz");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
            lines.append("{\"text\": \"line number ").append(i).append("\"}\n");
        gzip(good, lines.toString());
        byte[] bytes = Files.readAllBytes(good);
        Files.write(share.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(good);

        Sync s = sync(Map.of("path", share.toString()), Cursor.START);

        assertThat(s.documents()).hasSizeGreaterThan(1000).hasSizeLessThan(200_000);
        assertThat(s.skipped()).singleElement().asString().startsWith("cut.jsonl.gz: stopped at line");
    }

    @Test
    void only_files_changed_since_the_cursor_are_read_again() throws IOException {
        Path a = share.resolve("a.jsonl");
        Path b = share.resolve("b.jsonl");
        Files.writeString(a, "{\"text\": \"a1\"}\n");
        Files.writeString(b, "{\"text\": \"b1\"}\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2025-01-02T00:00:00Z")));
        Cursor cursor = sync(Map.of("path", share.toString()), Cursor.START).cursor();

        Files.writeString(a, "{\"text\": \"a1\"}\n{\"text\": \"a2\"}\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2025-03-01T00:00:00Z")));
        Sync second = sync(Map.of("path", share.toString()), cursor);

        assertThat(second.documents()).extracting(Document::text).containsExactly("a1", "a2");
        assertThat(sync(Map.of("path", share.toString()), second.cursor()).documents())
                .isEmpty();
    }
}
