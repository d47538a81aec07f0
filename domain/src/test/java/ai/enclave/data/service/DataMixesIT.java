/*
 * DataMixes against a real PostgreSQL 18: a mix keeps its snapshots and weights in order; snapshots
 * tokenized differently, unfinished ones, duplicates, single snapshots, bad weights and taken names
 * are refused with a message and leave no mix behind; a second source's pipeline can tokenize with
 * the first snapshot's tokenizer, which is what makes the two mixable; a training run over a mix
 * asks the worker for one data entry per snapshot with its weight; a mix is deleted only while no
 * training run reads it.
 */
package ai.enclave.data.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.domain.MixComponent;
import ai.enclave.data.domain.MixPlan;
import ai.enclave.jobs.service.JobOutcomes;
import ai.enclave.testsupport.MigratedDatabase;
import ai.enclave.testsupport.WorkerWrites;
import ai.enclave.training.domain.ModelPreset;
import ai.enclave.training.domain.TrainingRequest;
import ai.enclave.training.domain.TrainingRun;
import ai.enclave.training.service.TrainingRuns;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DataMixesIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path artifacts;

    private static long wikiSource;
    private static long ticketsSource;
    private static DatasetSnapshot wiki;
    private static DatasetSnapshot tickets;

    @BeforeAll
    static void two_snapshots_with_one_tokenizer() throws IOException {
        wikiSource = catalog(c -> c.addSource("Wiki", "directory", root(), "sub-dee"))
                .getId();
        ticketsSource = catalog(c -> c.addSource("Tickets", "directory", root(), "sub-dee"))
                .getId();
        wiki = prepared(catalog(c -> c.runPipeline(wikiSource, 512, 0.1, "sub-dee")), "shared", 900_000, 100_000);
        tickets = prepared(
                catalog(c -> c.runPipelineWithTokenizerOf(ticketsSource, wiki.getId(), 0.1, "sub-dee")),
                "shared",
                45_000,
                5_000);
    }

    @Test
    void a_second_pipeline_can_tokenize_with_the_tokenizer_of_a_snapshot() {
        DatasetSnapshot queued =
                catalog(c -> c.runPipelineWithTokenizerOf(ticketsSource, wiki.getId(), 0.2, "sub-dee"));

        JsonNode spec = Json.object(queued.getJob().getSpec(), "spec");
        assertThat(spec.path("tokenizer").path("dir").asText()).isEqualTo(wiki.getTokenizerDir());
        assertThat(spec.path("tokenizer").has("train")).isFalse();
        assertThat(spec.path("source").path("name").asText()).isEqualTo("Tickets");
    }

    @Test
    void a_snapshot_without_a_tokenizer_yet_cannot_lend_it() {
        DatasetSnapshot running = catalog(c -> c.runPipeline(wikiSource, 512, 0.1, "sub-dee"));

        assertThatThrownBy(() -> catalog(c -> c.runPipelineWithTokenizerOf(ticketsSource, running.getId(), 0.1, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot " + running.getLabel() + " has no tokenizer yet: its pipeline run is queued");
    }

    @Test
    void a_mix_keeps_its_snapshots_and_weights_in_the_order_given() {
        DataMix mix = mixes(m -> m.create(
                "wiki and tickets",
                List.of(new DataMixes.Choice(wiki.getId(), 7), new DataMixes.Choice(tickets.getId(), 3)),
                "sub-dee"));

        DataMix read = mixes(m -> m.find(mix.getId()).orElseThrow());
        assertThat(read.getName()).isEqualTo("wiki and tickets");
        assertThat(read.getComponents())
                .extracting(c -> c.getSnapshot().getId())
                .containsExactly(wiki.getId(), tickets.getId());
        assertThat(read.getComponents()).extracting(MixComponent::getWeight).containsExactly(7.0, 3.0);
        assertThat(read.shares()).containsExactly(0.7, 0.3);
        assertThat(mixes(DataMixes::mixes)).extracting(DataMix::getName).contains("wiki and tickets");
    }

    @Test
    void the_plan_of_a_mix_reads_the_training_tokens_of_each_snapshot() {
        DataMix mix = mixes(m -> m.create(
                "plan me",
                List.of(new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(tickets.getId(), 1)),
                "sub-dee"));

        MixPlan plan = DataMixes.plan(mix, 900_000);

        assertThat(plan.rows()).extracting(MixPlan.Row::trainTokens).containsExactly(900_000L, 45_000L);
        assertThat(plan.rows()).extracting(MixPlan.Row::epochs).containsExactly(0.5, 10.0);
        assertThat(plan.warnings())
                .singleElement()
                .extracting(MixPlan.Row::label)
                .isEqualTo(tickets.getLabel());
    }

    @Test
    void snapshots_tokenized_with_different_tokenizers_cannot_be_mixed() throws IOException {
        DatasetSnapshot other =
                prepared(catalog(c -> c.runPipeline(ticketsSource, 512, 0.1, "sub-dee")), "other", 1000, 100);

        assertThatThrownBy(() -> mixes(m -> m.create(
                        "noise",
                        List.of(new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(other.getId(), 1)),
                        "sub-dee")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshot " + other.getLabel() + " was tokenized with another tokenizer than"
                        + " snapshot " + wiki.getLabel());
        assertThat(mixes(DataMixes::mixes)).extracting(DataMix::getName).doesNotContain("noise");
    }

    @Test
    void one_snapshot_a_repeated_one_an_unfinished_one_and_bad_weights_are_refused_by_name() {
        DatasetSnapshot running = catalog(c -> c.runPipeline(wikiSource, 512, 0.1, "sub-dee"));

        assertThatThrownBy(() -> create("one", new DataMixes.Choice(wiki.getId(), 1)))
                .hasMessage("a mix needs at least two snapshots; to train on one, choose that snapshot itself");
        assertThatThrownBy(() ->
                        create("twice", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(wiki.getId(), 2)))
                .hasMessage("snapshot " + wiki.getId() + " is chosen twice");
        assertThatThrownBy(() -> create(
                        "unfinished", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(running.getId(), 1)))
                .hasMessage("snapshot " + running.getLabel()
                        + " is not ready to train on: its pipeline run is queued or it kept no tokens");
        assertThatThrownBy(() ->
                        create("zero", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(tickets.getId(), 0)))
                .hasMessage("the weight of snapshot " + tickets.getId() + " must be a positive number, not 0.0");
        assertThatThrownBy(() ->
                        create("missing", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(999_999, 1)))
                .hasMessage("there is no snapshot 999999");
        assertThat(mixes(DataMixes::mixes))
                .extracting(DataMix::getName)
                .doesNotContain("one", "twice", "unfinished", "zero", "missing");
    }

    @Test
    void a_mix_name_is_taken_whatever_its_case() {
        create("Support", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(tickets.getId(), 1));

        assertThatThrownBy(() -> create(
                        "support", new DataMixes.Choice(wiki.getId(), 2), new DataMixes.Choice(tickets.getId(), 1)))
                .isInstanceOf(NameTakenException.class)
                .hasMessage("a data mix named \"support\" already exists");
    }

    @Test
    void a_training_run_over_a_mix_asks_the_worker_for_every_snapshot_with_its_weight() {
        DataMix mix = create(
                "for training", new DataMixes.Choice(wiki.getId(), 0.8), new DataMixes.Choice(tickets.getId(), 0.2));
        TrainingRequest request =
                new TrainingRequest("mixed", ModelPreset.TINY, null, null, mix.getId(), 64, 20, 4, 1e-3);

        TrainingRun run = database.inTransaction(em -> new TrainingRuns(em, Clock.systemUTC())
                .launch(request, artifacts.toString(), 1e10, 1.0, 8L << 30, "sub-ml"));

        JsonNode spec = Json.object(run.getJob().getSpec(), "spec");
        assertThat(spec.path("data")).hasSize(2);
        assertThat(spec.path("data").path(0).path("dir").asText()).isEqualTo(wiki.getDirectory());
        assertThat(spec.path("data").path(0).path("weight").asDouble()).isEqualTo(0.8);
        assertThat(spec.path("data").path(1).path("dir").asText()).isEqualTo(tickets.getDirectory());
        assertThat(spec.path("data").path(1).path("weight").asDouble()).isEqualTo(0.2);
        assertThat(spec.path("tokenizerDir").asText()).isEqualTo(wiki.getTokenizerDir());
        TrainingRun read = database.inTransaction(
                em -> new TrainingRuns(em, Clock.systemUTC()).find(run.getId()).orElseThrow());
        assertThat(read.getSnapshot()).isNull();
        assertThat(read.getDataLabel()).isEqualTo("mix for training");
        assertThat(read.getSnapshots())
                .extracting(DatasetSnapshot::getId)
                .containsExactly(wiki.getId(), tickets.getId());
    }

    @Test
    void a_mix_no_run_reads_is_deleted_and_its_snapshots_stay() {
        DataMix mix =
                create("short lived", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(tickets.getId(), 1));

        mixes(m -> {
            m.delete(mix.getId());
            return null;
        });

        Optional<DataMix> gone = mixes(m -> m.find(mix.getId()));
        Optional<DatasetSnapshot> kept = catalog(c -> c.findSnapshot(wiki.getId()));
        assertThat(gone).isEmpty();
        assertThat(mixes(DataMixes::mixes)).extracting(DataMix::getName).doesNotContain("short lived");
        assertThat(kept).isPresent();
        // the name is free again
        assertThat(create(
                                "short lived",
                                new DataMixes.Choice(wiki.getId(), 2),
                                new DataMixes.Choice(tickets.getId(), 1))
                        .getName())
                .isEqualTo("short lived");
    }

    @Test
    void a_mix_a_training_run_reads_is_not_deleted_and_the_message_names_the_run() {
        DataMix mix = create("in use", new DataMixes.Choice(wiki.getId(), 1), new DataMixes.Choice(tickets.getId(), 1));
        TrainingRun run = database.inTransaction(em -> new TrainingRuns(em, Clock.systemUTC())
                .launch(
                        new TrainingRequest("reads in use", ModelPreset.TINY, null, null, mix.getId(), 64, 20, 4, 1e-3),
                        artifacts.toString(),
                        1e10,
                        1.0,
                        8L << 30,
                        "sub-ml"));

        assertThatThrownBy(() -> mixes(m -> {
                    m.delete(mix.getId());
                    return null;
                }))
                .isInstanceOf(MixInUseException.class)
                .hasMessage("the data mix \"in use\" cannot be deleted: the training run \"reads in use\" (#"
                        + run.getId() + ") reads it, and a run keeps pointing at the data it read");
        Optional<DataMix> still = mixes(m -> m.find(mix.getId()));
        assertThat(still).isPresent();
        assertThatThrownBy(() -> mixes(m -> {
                    m.delete(-1);
                    return null;
                }))
                .hasMessage("there is no data mix -1");
    }

    private static DataMix create(String name, DataMixes.Choice... choices) {
        return mixes(m -> m.create(name, List.of(choices), "sub-dee"));
    }

    /** Settles the queued run as a worker would, its tokenizer in tokenizers/NAME. */
    private static DatasetSnapshot prepared(DatasetSnapshot queued, String tokenizer, long train, long val)
            throws IOException {
        Path tokenizerDir = Files.createDirectories(artifacts.resolve("tokenizers/" + tokenizer));
        Files.writeString(tokenizerDir.resolve("tokenizer.json"), "{\"model\": \"" + tokenizer + "\"}");
        String contentId = "content-" + queued.getId();
        WorkerWrites.succeed(database, queued.getJob().getId(), """
                {"contentId": "%s", "directory": "%s", "tokenizerDir": "%s", "vocabSize": 512,
                 "documents": 10, "tokens": %d, "stats": {"tokens": {"train": %d, "val": %d}}}
                """.formatted(
                        contentId, artifacts.resolve("snapshots/" + contentId), tokenizerDir, train + val, train, val));
        database.inTransaction(em -> {
            Clock clock = Clock.systemUTC();
            new JobOutcomes(List.of(new DataCatalog(em, clock))).settle();
            return null;
        });
        return catalog(c -> c.findSnapshot(queued.getId()).orElseThrow());
    }

    private static String root() {
        return "{\"root\": \"" + artifacts + "\"}";
    }

    private static <T> T catalog(Function<DataCatalog, T> work) {
        return database.inTransaction(em -> work.apply(new DataCatalog(em, Clock.systemUTC())));
    }

    private static <T> T mixes(Function<DataMixes, T> work) {
        return database.inTransaction(em -> work.apply(new DataMixes(em, Clock.systemUTC())));
    }
}
