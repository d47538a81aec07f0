package ai.enclave.data.domain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatasetSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void train_tokens_are_the_training_split_of_the_stats_or_all_tokens_or_zero_until_settled() {
        DatasetSnapshot split = snapshot();
        DatasetSnapshot unsplit = snapshot();
        DatasetSnapshot pending = snapshot();

        split.recordOutcome("c1", "/snap/1", "/tok", 10, 1_000, "{\"tokens\": {\"train\": 900, \"validation\": 100}}");
        unsplit.recordOutcome("c2", "/snap/2", "/tok", 10, 1_000, "{\"documents\": 10}");

        assertThat(split.getTrainTokens()).isEqualTo(900);
        assertThat(unsplit.getTrainTokens()).isEqualTo(1_000);
        assertThat(pending.getTrainTokens()).isZero();
    }

    @Test
    void train_tokens_asked_while_pending_are_those_of_the_outcome_once_it_is_recorded() {
        DatasetSnapshot snapshot = snapshot();
        assertThat(snapshot.getTrainTokens()).isZero();
        snapshot.recordOutcome("c1", "/snap/1", "/tok", 10, 1_000, "{\"tokens\": {\"train\": 900}}");
        assertThat(snapshot.getTrainTokens()).isEqualTo(900);
    }

    private static DatasetSnapshot snapshot() {
        DataSourceRecord source = new DataSourceRecord("wiki", "directory", "{\"root\": \"/data\"}", "ann", NOW);
        return new DatasetSnapshot(source, new Job(JobKind.PREPARE, "{}", "ann", NOW), "ann", NOW);
    }
}
