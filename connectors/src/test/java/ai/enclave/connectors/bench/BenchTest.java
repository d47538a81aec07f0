package ai.enclave.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An 8 MB bench run: its quality figures meet issue 5's targets. Speed is measured, never asserted. */
class BenchTest {
    @TempDir
    static Path dir;

    static JsonNode line;

    @BeforeAll
    static void runTheBenchOnce() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        line = Bench.run(
                new Bench.Options(8_000_000, dir.resolve("work"), false, 7),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void the_json_line_has_every_figure_and_every_stage() {
        assertThat(line.fieldNames())
                .toIterable()
                .contains(
                        "mb_per_s",
                        "peak_heap_mb",
                        "dedup_recall",
                        "dedup_precision",
                        "pii_recall",
                        "documents",
                        "size_mb",
                        "seconds",
                        "stages");
        assertThat(line.get("stages").fieldNames())
                .toIterable()
                .containsExactly(
                        "read",
                        "normalise",
                        "boilerplate",
                        "language",
                        "pii",
                        "quality",
                        "exact_dedup",
                        "near_dedup",
                        "tokenize",
                        "write");
        assertThat(line.get("size_mb").asDouble()).isBetween(6.0, 10.0);
        assertThat(line.get("mb_per_s").asDouble()).isPositive();
    }

    @Test
    void planted_duplicates_are_found_at_the_target_recall_and_precision() {
        assertThat(line.get("near_pairs").asInt()).isGreaterThan(80);
        assertThat(line.get("exact_pairs").asInt()).isGreaterThan(80);
        assertThat(line.get("near_dedup_recall").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(line.get("dedup_recall").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(line.get("dedup_precision").asDouble()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void planted_personal_data_is_gone_from_the_kept_documents() {
        assertThat(line.get("pii_items").asInt()).isGreaterThan(1000);
        assertThat(line.get("pii_recall").asDouble()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void the_corpus_is_mixed_data_in_many_languages_and_scripts() {
        List<String> languages = new ArrayList<>();
        line.get("languages").fieldNames().forEachRemaining(languages::add);
        assertThat(languages).contains("en", "de", "fr", "es", "ru", "ar", "hi", "zh", "ja", "code");
        assertThat(line.get("documents_kept").asInt())
                .as("quality and dedup drop some, not most")
                .isBetween(
                        line.get("documents").asInt() / 2, line.get("documents").asInt() - 1);
    }

    @Test
    void the_work_directory_is_removed_unless_kept() {
        assertThat(Files.exists(dir.resolve("work"))).isFalse();
    }
}
