/*
 * DataCatalog against a real PostgreSQL 18: sources checked and named uniquely, secrets refused by a
 * catalog without encryption (security's EncryptedSourcesIT stores them with the real cipher), a pipeline run that
 * queues a prepare job with the spec the worker reads, and the snapshot row filled in once the job
 * succeeded (through JobOutcomes, the way the portal does it).
 */
package ai.enclave.data.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.data.domain.DataSourceRecord;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.jobs.service.JobOutcomes;
import ai.enclave.testsupport.MigratedDatabase;
import ai.enclave.testsupport.WorkerWrites;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DataCatalogIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path documents;

    @Test
    void a_directory_source_keeps_its_config() {
        DataSourceRecord source = catalog(c -> c.addSource("Handbook", "directory", rootConfig(documents), "sub-ada"));

        DataSourceRecord read = catalog(c -> c.findSource(source.getId()).orElseThrow());

        assertThat(read.getName()).isEqualTo("Handbook");
        assertThat(read.getType()).isEqualTo("directory");
        assertThat(Json.object(read.getConfig(), "config").path("root").asText())
                .isEqualTo(documents.toString());
        assertThat(catalog(DataCatalog::sources))
                .extracting(DataSourceRecord::getName)
                .contains("Handbook");
    }

    @Test
    void a_source_name_is_taken_whatever_its_case() {
        catalog(c -> c.addSource("Wiki", "directory", rootConfig(documents), "sub-ada"));

        assertThatThrownBy(() -> catalog(c -> c.addSource("wiki", "directory", rootConfig(documents), "sub-ada")))
                .isInstanceOf(NameTakenException.class)
                .hasMessage("a data source named \"wiki\" already exists");
    }

    @Test
    void a_directory_that_does_not_exist_is_refused_naming_the_path() {
        Path missing = documents.resolve("no-such-folder");

        assertThatThrownBy(() -> catalog(c -> c.addSource("Ghost", "directory", rootConfig(missing), "sub-ada")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config.root: " + missing + " does not exist");
        assertThat(catalog(DataCatalog::sources))
                .extracting(DataSourceRecord::getName)
                .doesNotContain("Ghost");
    }

    @Test
    void an_unknown_type_a_blank_name_and_a_config_that_is_no_object_are_refused_by_field() {
        assertThatThrownBy(() -> catalog(c -> c.addSource("S3", "s3", "{}", "sub-ada")))
                .hasMessage("type must be one of [directory, jsonl, jdbc, git, web], not \"s3\"");
        assertThatThrownBy(() -> catalog(c -> c.addSource("  ", "directory", rootConfig(documents), "sub-ada")))
                .hasMessage("name is blank");
        assertThatThrownBy(() -> catalog(c -> c.addSource("List", "directory", "[1, 2]", "sub-ada")))
                .hasMessage("config must be a JSON object");
        assertThatThrownBy(() -> catalog(c -> c.addSource("NoRoot", "directory", "{}", "sub-ada")))
                .hasMessage("config.root is missing: the path the directory source reads");
    }

    @Test
    void a_jdbc_source_without_a_password_is_stored_as_given() {
        String config = """
                {"url": "jdbc:postgresql://db.internal:5432/support", "table": "tickets",
                 "textColumns": ["body"], "idColumn": "id"}
                """;
        DataSourceRecord source = catalog(c -> c.addSource("Tickets", "jdbc", config, "sub-ada"));

        DataSourceRecord read = catalog(c -> c.findSource(source.getId()).orElseThrow());

        assertThat(read.getType()).isEqualTo("jdbc");
        assertThat(Json.object(read.getConfig(), "config").path("table").asText())
                .isEqualTo("tickets");
    }

    @Test
    void a_catalog_without_encryption_refuses_a_secret_and_stores_nothing() {
        String config = """
                {"repository": "https://git.internal/platform/api.git", "token": "glpat-s3cr3t"}
                """;

        assertThatThrownBy(() -> catalog(c -> c.addSource("Api", "git", config, "sub-ada")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("config.token is a secret and this catalog has no key to encrypt it with")
                .message()
                .doesNotContain("glpat-s3cr3t");
        assertThat(catalog(DataCatalog::sources))
                .extracting(DataSourceRecord::getName)
                .doesNotContain("Api");
    }

    @Test
    void a_required_field_of_a_jdbc_git_or_web_source_is_named_when_missing() {
        assertThatThrownBy(() -> catalog(c -> c.addSource("Db", "jdbc", "{\"url\": \"jdbc:postgresql://h/db\"}", "s")))
                .hasMessage("config.textColumns is missing: a jdbc source needs it");
        assertThatThrownBy(() -> catalog(c -> c.addSource("Repo", "git", "{\"repository\": \" \"}", "s")))
                .hasMessage("config.repository is missing: a git source needs it");
        assertThatThrownBy(() -> catalog(c -> c.addSource("Intranet", "web", "{\"startUrls\": []}", "s")))
                .hasMessage("config.startUrls is missing: a web source needs it");
    }

    @Test
    void running_the_pipeline_queues_a_prepare_job_with_the_source_and_tokenizer() {
        long sourceId = catalog(c -> c.addSource("Manuals", "directory", rootConfig(documents), "sub-bob"))
                .getId();

        DatasetSnapshot snapshot = catalog(c -> c.runPipeline(sourceId, 2048, 0.1, "sub-bob"));

        assertThat(snapshot.getJob().getKind()).isEqualTo(JobKind.PREPARE);
        assertThat(snapshot.getJob().getState()).isEqualTo(JobState.QUEUED);
        assertThat(snapshot.isSettled()).isFalse();
        ObjectNode spec = Json.object(snapshot.getJob().getSpec(), "spec");
        assertThat(spec.path("source").path("name").asText()).isEqualTo("Manuals");
        assertThat(spec.path("source").path("type").asText()).isEqualTo("directory");
        assertThat(spec.path("source").path("config").path("root").asText()).isEqualTo(documents.toString());
        assertThat(spec.path("tokenizer").path("train").path("vocabSize").asInt())
                .isEqualTo(2048);
        assertThat(spec.path("validationFraction").asDouble()).isEqualTo(0.1);
    }

    @Test
    void a_succeeded_prepare_job_fills_in_its_snapshot_once() {
        long sourceId = catalog(c -> c.addSource("Policies", "directory", rootConfig(documents), "sub-bob"))
                .getId();
        DatasetSnapshot queued = catalog(c -> c.runPipeline(sourceId, 1024, 0.1, "sub-bob"));
        WorkerWrites.succeed(database, queued.getJob().getId(), """
                {"contentId": "c0ffee", "directory": "/a/snapshots/c0ffee", "tokenizerDir": "/a/tokenizers/job-1",
                 "vocabSize": 1024, "documents": 57, "tokens": 123456, "stats": {"kept": 57}}
                """);

        settle();
        settle();

        DatasetSnapshot done = catalog(c -> c.findSnapshot(queued.getId()).orElseThrow());
        assertThat(done.getContentId()).isEqualTo("c0ffee");
        assertThat(done.getDirectory()).isEqualTo("/a/snapshots/c0ffee");
        assertThat(done.getTokenizerDir()).isEqualTo("/a/tokenizers/job-1");
        assertThat(done.getDocuments()).isEqualTo(57);
        assertThat(done.getTokens()).isEqualTo(123456);
        assertThat(Json.object(done.getStats(), "stats").path("kept").asInt()).isEqualTo(57);
        assertThat(catalog(DataCatalog::readySnapshots))
                .extracting(DatasetSnapshot::getId)
                .contains(queued.getId());
    }

    @Test
    void a_snapshot_without_documents_or_still_running_is_not_ready() {
        long sourceId = catalog(c -> c.addSource("Empty", "directory", rootConfig(documents), "sub-bob"))
                .getId();
        DatasetSnapshot empty = catalog(c -> c.runPipeline(sourceId, 1024, 0.1, "sub-bob"));
        DatasetSnapshot running = catalog(c -> c.runPipeline(sourceId, 1024, 0.1, "sub-bob"));
        WorkerWrites.succeed(database, empty.getJob().getId(), """
                {"contentId": "e0", "directory": "/a/snapshots/e0", "tokenizerDir": "/a/t", "vocabSize": 1024,
                 "documents": 0, "tokens": 0, "stats": {}}
                """);
        WorkerWrites.running(database, running.getJob().getId(), "{\"phase\": \"extract\"}");

        settle();

        List<Long> ready = catalog(DataCatalog::readySnapshots).stream()
                .map(DatasetSnapshot::getId)
                .toList();
        assertThat(ready).doesNotContain(empty.getId(), running.getId());
        Long emptyDocuments =
                catalog(c -> c.findSnapshot(empty.getId()).orElseThrow().getDocuments());
        assertThat(emptyDocuments).isZero();
    }

    static String rootConfig(Path root) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("root", root.toString());
        return Json.text(config);
    }

    @Test
    void a_queued_pipeline_run_that_is_stopped_is_cancelled_and_an_unknown_one_is_refused() {
        long sourceId = catalog(c -> c.addSource("Stoppable", "directory", rootConfig(documents), "sub-bob"))
                .getId();
        DatasetSnapshot queued = catalog(c -> c.runPipeline(sourceId, 1024, 0.1, "sub-bob"));

        catalog(c -> {
            c.stopPipeline(queued.getId());
            return null;
        });

        JobState state = catalog(
                c -> c.findSnapshot(queued.getId()).orElseThrow().getJob().getState());
        assertThat(state).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> catalog(c -> {
                    c.stopPipeline(987_654);
                    return null;
                }))
                .hasMessage("no snapshot with id 987654");
    }

    private static void settle() {
        database.inTransaction(em -> {
            new JobOutcomes(List.of(new DataCatalog(em, Clock.systemUTC()))).settle();
            return null;
        });
    }

    private static <T> T catalog(Function<DataCatalog, T> work) {
        return database.inTransaction(em -> work.apply(new DataCatalog(em, Clock.systemUTC())));
    }
}
