package ai.enclave.data.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.portal.charts.BarChart;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotStatsTest {

    private static final String MANIFEST_STATS = """
            {"stages": [
                {"stage": "quality", "in": 60, "out": 57, "dropped": {"too_short": 2, "symbols": 1}},
                {"stage": "exact_dedup", "in": 57, "out": 57, "dropped": {}}],
             "languages": {"en": 55, "de": 2},
             "pii": {"email": 3},
             "samples": {
                "kept": [{"id": "a.md", "source": "handbook", "language": "en", "text": "Welcome"}],
                "dropped": [{"id": "b.md", "source": "handbook", "stage": "quality", "reason": "too_short",
                             "detail": "3 words", "text": "Hi"}]}}
            """;

    @Test
    void stages_languages_pii_and_samples_are_read_from_the_manifest_statistics() {
        SnapshotStats stats = SnapshotStats.parse(MANIFEST_STATS);

        assertThat(stats.stages())
                .containsExactly(
                        new SnapshotStats.Stage("quality", 60, 57, Map.of("too_short", 2L, "symbols", 1L)),
                        new SnapshotStats.Stage("exact_dedup", 57, 57, Map.of()));
        assertThat(stats.languages()).containsExactly(Map.entry("en", 55L), Map.entry("de", 2L));
        assertThat(stats.pii()).containsExactly(Map.entry("email", 3L));
        assertThat(stats.kept()).containsExactly(new SnapshotStats.Sample("a.md", "handbook", "en", "Welcome"));
        assertThat(stats.dropped())
                .containsExactly(new SnapshotStats.Sample("b.md", "handbook", "quality: too_short (3 words)", "Hi"));
    }

    @Test
    void statistics_without_those_parts_show_as_empty() {
        SnapshotStats stats = SnapshotStats.parse("{}");

        assertThat(stats.stages()).isEmpty();
        assertThat(stats.languages()).isEmpty();
        assertThat(stats.kept()).isEmpty();
    }

    @Test
    void a_running_pipeline_says_which_phase_it_is_in_and_how_much_it_read() {
        assertThat(SnapshotDetails.progress("{\"phase\": \"tokenizer\", \"documents\": 12, \"bytes\": 3456}"))
                .isEqualTo("Working: tokenizer, 12 documents, 3456 bytes read so far.");
    }

    @Test
    void the_charts_draw_each_stage_out_of_in_and_the_largest_counts_first() {
        SnapshotStats stats = SnapshotStats.parse(MANIFEST_STATS);

        assertThat(SnapshotDetails.stageBars(stats.stages()))
                .containsExactly(new BarChart.Bar("quality", 57, 60L), new BarChart.Bar("exact_dedup", 57, 57L));
        assertThat(SnapshotDetails.countBars(Map.of("de", 2L, "en", 55L, "fr", 7L)))
                .extracting(BarChart.Bar::label)
                .containsExactly("en", "fr", "de");
    }
}
