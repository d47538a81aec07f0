/*
 * TrainingRuns against a real PostgreSQL 18: a launch queues a train job with the spec the worker
 * reads and records the run; bad requests (empty or unfinished snapshot, too large for the memory,
 * numbers out of range) are refused with a message and leave no row behind; a finished run registers
 * the next version of its name once; continuing a model points the job at its files.
 */
package ai.enclave.training.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.service.DataCatalog;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.jobs.service.JobOutcomes;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.testsupport.MigratedDatabase;
import ai.enclave.testsupport.WorkerWrites;
import ai.enclave.training.domain.ModelPreset;
import ai.enclave.training.domain.TrainingEstimate;
import ai.enclave.training.domain.TrainingRequest;
import ai.enclave.training.domain.TrainingRun;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunsIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path artifacts;

    private static final double FLOPS = 1e10;
    private static final double PRICE = 2.0;
    private static final long MEMORY = 8L << 30;

    private static long sourceId;
    private static DatasetSnapshot handbook;

    @BeforeAll
    static void a_prepared_snapshot() throws IOException {
        Path tokenizer = Files.createDirectories(artifacts.resolve("tokenizers/job-1"));
        Files.writeString(tokenizer.resolve("tokenizer.json"), "{\"model\": \"handbook tokenizer\"}");
        sourceId = catalog(c -> c.addSource("Handbook", "directory", "{\"root\": \"" + artifacts + "\"}", "sub-dee"))
                .getId();
        handbook = prepared(512, 10, 100_000);
    }

    @Test
    void a_launch_queues_a_train_job_with_the_spec_the_worker_reads() {
        TrainingRequest request =
                new TrainingRequest("assistant", ModelPreset.TINY, null, handbook.getId(), 64, 40, 4, 1e-3);

        TrainingRun run = runs(r -> r.launch(request, artifacts.toString(), FLOPS, PRICE, MEMORY, "sub-ml"));

        assertThat(run.getJob().getKind()).isEqualTo(JobKind.TRAIN);
        assertThat(run.getJob().getState()).isEqualTo(JobState.QUEUED);
        ObjectNode spec = Json.object(run.getJob().getSpec(), "spec");
        assertThat(spec.path("outDir").asText())
                .isEqualTo(artifacts.resolve("runs/run-" + run.getId()).toString());
        assertThat(spec.path("data")).hasSize(1);
        assertThat(spec.path("data").path(0).path("dir").asText()).isEqualTo(handbook.getDirectory());
        assertThat(spec.path("data").path(0).path("weight").asDouble()).isEqualTo(1.0);
        assertThat(spec.path("tokenizerDir").asText()).isEqualTo(handbook.getTokenizerDir());
        assertThat(spec.get("baseModelDir").isNull()).isTrue();
        assertThat(spec.path("modelConfig").path("vocab_size").asInt()).isEqualTo(512);
        assertThat(spec.path("modelConfig").path("d_model").asInt()).isEqualTo(64);
        assertThat(spec.path("modelConfig").path("max_seq_len").asInt()).isEqualTo(64);
        ObjectNode train = (ObjectNode) spec.get("train");
        assertThat(train.path("steps").asInt()).isEqualTo(40);
        assertThat(train.path("batchSize").asInt()).isEqualTo(4);
        assertThat(train.path("seqLen").asInt()).isEqualTo(64);
        assertThat(train.path("lr").asDouble()).isEqualTo(1e-3);
        assertThat(train.path("warmupSteps").asInt()).isEqualTo(4);
        assertThat(train.path("evalEvery").asInt()).isEqualTo(8);
        assertThat(train.path("checkpointEvery").asInt()).isEqualTo(8);
        TrainingEstimate expected = runs(r -> r.estimate(request, FLOPS, PRICE, MEMORY));
        assertThat(run.getEstimate()).isEqualTo(expected);
        assertThat(expected.parameters()).isEqualTo(ModelPreset.TINY.parameters(512));
    }

    @Test
    void an_empty_snapshot_is_refused_and_nothing_is_written() {
        DatasetSnapshot empty = prepared(512, 0, 0);
        long jobsBefore = WorkerWrites.count(database, "jobs");

        assertThatThrownBy(
                        () -> launch(new TrainingRequest("e", ModelPreset.TINY, null, empty.getId(), 64, 10, 2, 1e-3)))
                .isInstanceOf(TrainingRefusedException.class)
                .hasMessage("snapshot " + empty.getId()
                        + " is empty (0 documents, 0 tokens): there is nothing to train on");
        assertThat(WorkerWrites.count(database, "jobs")).isEqualTo(jobsBefore);
    }

    @Test
    void a_snapshot_whose_pipeline_still_runs_is_refused() {
        DatasetSnapshot queued = catalog(c -> c.runPipeline(sourceId, 512, 0.1, "sub-dee"));

        assertThatThrownBy(
                        () -> launch(new TrainingRequest("q", ModelPreset.TINY, null, queued.getId(), 64, 10, 2, 1e-3)))
                .isInstanceOf(TrainingRefusedException.class)
                .hasMessage("snapshot " + queued.getId() + " is not ready: its pipeline run is queued");
    }

    @Test
    void a_model_too_large_for_the_memory_is_refused_with_both_sizes() {
        long runsBefore = WorkerWrites.count(database, "training_runs");
        long jobsBefore = WorkerWrites.count(database, "jobs");
        TrainingRequest base = new TrainingRequest("big", ModelPreset.BASE, null, handbook.getId(), 1024, 10, 8, 1e-4);

        assertThatThrownBy(() -> runs(r -> r.launch(base, artifacts.toString(), FLOPS, PRICE, 1L << 30, "sub-ml")))
                .isInstanceOf(TrainingRefusedException.class)
                .hasMessageMatching("this run needs [0-9.]+ GiB of memory, this machine has 1\\.0 GiB: .*");
        assertThat(WorkerWrites.count(database, "training_runs")).isEqualTo(runsBefore);
        assertThat(WorkerWrites.count(database, "jobs")).isEqualTo(jobsBefore);
    }

    @Test
    void numbers_out_of_range_are_refused_with_what_is_allowed() {
        long id = handbook.getId();
        assertThatThrownBy(() -> launch(new TrainingRequest("s", ModelPreset.TINY, null, id, 64, 0, 2, 1e-3)))
                .hasMessage("steps must be between 1 and 10000000, not 0");
        assertThatThrownBy(() -> launch(new TrainingRequest("t", ModelPreset.TINY, null, id, 4096, 10, 2, 1e-3)))
                .hasMessage("a context of 4096 tokens is longer than the TINY preset allows (512)");
        assertThatThrownBy(() -> launch(new TrainingRequest("b", null, null, id, 64, 10, 2, 1e-3)))
                .hasMessage("choose either a size preset or a model version to continue");
        assertThatThrownBy(() -> launch(new TrainingRequest(" ", ModelPreset.TINY, null, id, 64, 10, 2, 1e-3)))
                .hasMessage("a run needs a name");
    }

    @Test
    void a_finished_run_registers_the_next_version_of_its_name_once() throws IOException {
        TrainingRun first = finishedRun("support-bot", 3.9);
        TrainingRun second = finishedRun("support-bot", 3.7);

        settle();
        settle();

        ModelVersion v1 = runs(r -> r.find(first.getId()).orElseThrow().getModelVersion());
        ModelVersion v2 = runs(r -> r.find(second.getId()).orElseThrow().getModelVersion());
        assertThat(v1.getLabel()).isEqualTo("support-bot v1");
        assertThat(v2.getLabel()).isEqualTo("support-bot v2");
        assertThat(v2.getTrainingRunId()).isEqualTo(second.getId());
        assertThat(v2.getEvalLoss()).isEqualTo(3.7);
        assertThat(v2.getParameters()).isEqualTo(123_456L);
        assertThat(v2.getDirectory()).endsWith("checkpoint-00000010");
        assertThat(Json.object(v2.getConfig(), "config").path("written_by").asText())
                .isEqualTo("trainer");
        assertThat(Json.MAPPER.readTree(v2.getSnapshotIds()).get(0).asText()).isEqualTo(handbook.getContentId());
        assertThat(Json.object(v2.getHyperparameters(), "hp").path("steps").asInt())
                .isEqualTo(10);
        List<ModelVersion> named = registry(ModelRegistry::versions).stream()
                .filter(v -> v.getName().equals("support-bot"))
                .toList();
        assertThat(named).hasSize(2);
    }

    @Test
    void continuing_a_model_trains_its_weights_with_its_tokenizer() throws IOException {
        ModelVersion base = modelWithTokenizer("{\"model\": \"handbook tokenizer\"}");
        TrainingRequest request = new TrainingRequest("more", null, base.getId(), handbook.getId(), 64, 10, 2, 1e-4);

        TrainingRun run = launch(request);

        ObjectNode spec = Json.object(run.getJob().getSpec(), "spec");
        assertThat(spec.path("baseModelDir").asText()).isEqualTo(base.getDirectory());
        assertThat(spec.path("tokenizerDir").asText()).isEqualTo(base.getDirectory());
        assertThat(spec.path("modelConfig").path("d_model").asInt()).isEqualTo(64);
        assertThat(run.getBaseModel().getId()).isEqualTo(base.getId());
        assertThat(run.getPreset()).isNull();
    }

    @Test
    void continuing_a_model_on_data_from_another_tokenizer_is_refused() throws IOException {
        ModelVersion base = modelWithTokenizer("{\"model\": \"another tokenizer\"}");
        TrainingRequest request = new TrainingRequest("mixed", null, base.getId(), handbook.getId(), 64, 10, 2, 1e-4);

        assertThatThrownBy(() -> launch(request))
                .isInstanceOf(TrainingRefusedException.class)
                .hasMessageContaining("was tokenized with another tokenizer than " + base.getLabel());
    }

    @Test
    void cancelling_a_queued_run_cancels_its_job() {
        TrainingRun run =
                launch(new TrainingRequest("stop-me", ModelPreset.TINY, null, handbook.getId(), 32, 10, 2, 1e-3));

        database.inTransaction(em -> {
            new TrainingRuns(em, Clock.systemUTC()).cancel(run.getId(), "sub-ml");
            return null;
        });

        JobState state = runs(r -> r.find(run.getId()).orElseThrow().getJob().getState());
        assertThat(state).isEqualTo(JobState.CANCELLED);
    }

    private static TrainingRun finishedRun(String name, double evalLoss) throws IOException {
        TrainingRun run = launch(new TrainingRequest(name, ModelPreset.TINY, null, handbook.getId(), 32, 10, 2, 1e-3));
        Path modelDir = Files.createDirectories(artifacts.resolve("runs/run-" + run.getId() + "/checkpoint-00000010"));
        Files.writeString(modelDir.resolve("config.json"), "{\"model_type\": \"mpt\", \"written_by\": \"trainer\"}");
        WorkerWrites.succeed(database, run.getJob().getId(), """
                {"modelDir": "%s", "steps": 10, "loss": 4.1, "evalLoss": %s, "firstEvalLoss": 5.6,
                 "parameters": 123456}
                """.formatted(modelDir, evalLoss));
        return run;
    }

    private static ModelVersion modelWithTokenizer(String tokenizerJson) throws IOException {
        Path dir = Files.createTempDirectory(artifacts, "model-");
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
        String config = ModelPreset.TINY.configJson(512, 128);
        return registry(m -> m.register("base", dir.toString(), config, 1000, "[\"c0\"]", "{}", 4.0, null, "sub-ml"));
    }

    private static DatasetSnapshot prepared(int vocabSize, long documents, long tokens) {
        DatasetSnapshot queued = catalog(c -> c.runPipeline(sourceId, vocabSize, 0.1, "sub-dee"));
        String contentId = "content-" + queued.getId();
        WorkerWrites.succeed(database, queued.getJob().getId(), """
                {"contentId": "%s", "directory": "%s", "tokenizerDir": "%s", "vocabSize": %d,
                 "documents": %d, "tokens": %d, "stats": {}}
                """.formatted(
                        contentId,
                        artifacts.resolve("snapshots/" + contentId),
                        artifacts.resolve("tokenizers/job-1"),
                        vocabSize,
                        documents,
                        tokens));
        settle();
        return catalog(c -> c.findSnapshot(queued.getId()).orElseThrow());
    }

    private static void settle() {
        database.inTransaction(em -> {
            Clock clock = Clock.systemUTC();
            new JobOutcomes(List.of(new DataCatalog(em, clock), new TrainingRuns(em, clock))).settle();
            return null;
        });
    }

    private static TrainingRun launch(TrainingRequest request) {
        return runs(r -> r.launch(request, artifacts.toString(), FLOPS, PRICE, MEMORY, "sub-ml"));
    }

    private static <T> T runs(Function<TrainingRuns, T> work) {
        return database.inTransaction(em -> work.apply(new TrainingRuns(em, Clock.systemUTC())));
    }

    private static <T> T catalog(Function<DataCatalog, T> work) {
        return database.inTransaction(em -> work.apply(new DataCatalog(em, Clock.systemUTC())));
    }

    private static <T> T registry(Function<ModelRegistry, T> work) {
        return database.inTransaction(em -> work.apply(new ModelRegistry(em, Clock.systemUTC())));
    }
}
