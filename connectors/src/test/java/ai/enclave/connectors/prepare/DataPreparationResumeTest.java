package ai.enclave.connectors.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.connectors.spi.Document;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a run at different points (inside the first pass, between the passes, inside the second pass
 * after a checkpoint, killed between checkpoints) and running it again publishes exactly the snapshot of
 * an uninterrupted run. Batches of 4 documents and a checkpoint every 3 batches, so the 44 documents of
 * {@link TestCorpus} make 11 batches and several checkpoints; the uninterrupted reference run uses the
 * default options (batches of 1024), so these tests also show the batch size does not change the result.
 */
class DataPreparationResumeTest {
    @TempDir
    static Path dir;

    static Path share, dataset, tokenizerDir;
    static DataPreparation.Result reference;
    static final ObjectMapper JSON = new ObjectMapper();
    static final DataPreparation.Options SMALL = new DataPreparation.Options(false, 4, 3);

    @BeforeAll
    static void runOnceWithoutStopping() throws IOException {
        share = dir.resolve("share");
        dataset = dir.resolve("datasets");
        TestCorpus.write(share, dataset);
        tokenizerDir = TestCorpus.tokenizer(dir.resolve("tokenizer"), share);
        reference = DataPreparation.run(config(dir.resolve("reference"), ""), (phase, docs, bytes) -> {});
    }

    /** The test corpus's config writing to {@code out}; {@code dedup} overrides the dedup settings. */
    private static PrepareConfig config(Path out, String dedup) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(TestCorpus.json(share, dataset, tokenizerDir, out));
        if (!dedup.isEmpty()) tree.set("dedup", JSON.readTree(dedup));
        return PrepareConfig.fromJson(tree);
    }

    /** Records every phase reported; throws CancellationException at the report {@code stopAt} says. */
    private static final class Run implements DataPreparation.Progress {
        interface StopAt {
            boolean test(String phase, long documents, int report);
        }

        final List<String> phases = new ArrayList<>();
        final StopAt stopAt;
        long reported;
        long killAfterReport = -1;

        Run(StopAt stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void report(String phase, long documents, long bytes) {
            phases.add(phase + " " + documents);
            reported = documents;
            if (stopAt.test(phase, documents, phases.size())) throw new CancellationException("stop requested");
        }

        @Override
        public void kept(Document document) {
            // a killed JVM takes no checkpoint: thrown here, mid-batch, the run has written part of a batch
            if (reported == killAfterReport) throw new IllegalStateException("killed");
        }
    }

    private static Run finish() {
        return new Run((phase, documents, report) -> false);
    }

    private static Run stopWhen(Run.StopAt stopAt, Path out) throws IOException {
        Run run = new Run(stopAt);
        assertThatThrownBy(() -> DataPreparation.run(config(out, ""), run, SMALL))
                .isInstanceOf(CancellationException.class);
        assertNoSnapshotButARunDirectory(out);
        return run;
    }

    private static void assertNoSnapshotButARunDirectory(Path out) throws IOException {
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .singleElement()
                    .satisfies(name -> assertThat(name).matches("\\.run-[0-9a-f]{16}"));
        }
    }

    /** Runs to the end and checks it is the reference snapshot, same id and manifest, and nothing is left over. */
    private static Run resumeToTheReference(Path out) throws IOException {
        Run run = finish();
        DataPreparation.Result result = DataPreparation.run(config(out, ""), run, SMALL);
        assertThat(result.id()).isEqualTo(reference.id());
        // as text: a tree read back from a checkpoint holds 34 as a long where the original held an int
        assertThat(result.manifest().toString()).isEqualTo(reference.manifest().toString());
        assertThat(result.alreadyExisted()).isFalse();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("the run directory is gone").containsExactly(result.directory());
        }
        return run;
    }

    private static Path runDirectory(Path out) throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            return runs.filter(p -> p.getFileName().toString().startsWith(".run-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void a_run_stopped_in_its_second_source_resumes_without_reading_the_first_again(@TempDir Path out)
            throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("read open") && documents == 4, out);

        Run resumed = resumeToTheReference(out);

        assertThat(resumed.phases.getFirst()).isEqualTo("resuming after 1 of 2 sources 34");
        assertThat(resumed.phases).noneMatch(p -> p.startsWith("read share")).anyMatch(p -> p.startsWith("read open"));
    }

    @Test
    void a_run_stopped_in_its_first_source_reads_it_again_from_the_start(@TempDir Path out) throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("read share") && documents == 8, out);

        Run resumed = resumeToTheReference(out);

        assertThat(resumed.phases).noneMatch(p -> p.startsWith("resuming")).anyMatch(p -> p.startsWith("read share"));
    }

    @Test
    void a_run_stopped_between_the_passes_goes_straight_to_the_second(@TempDir Path out) throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("read open") && documents == 10, out);

        Run resumed = resumeToTheReference(out);

        assertThat(resumed.phases.getFirst()).isEqualTo("resuming after 2 of 2 sources 44");
        assertThat(resumed.phases).noneMatch(p -> p.startsWith("read ") || p.startsWith("resuming at"));
    }

    @Test
    void a_run_stopped_in_the_second_pass_resumes_at_the_document_where_it_stopped(@TempDir Path out)
            throws IOException {
        // checkpoints after batches 3 and (at the stop) 5
        stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 20, out);

        Run resumed = resumeToTheReference(out);

        assertThat(resumed.phases).startsWith("resuming after 2 of 2 sources 44", "resuming at document 20 20");
        assertThat(resumed.phases).noneMatch(p -> p.startsWith("read ")).contains("clean and tokenize 24");
    }

    @Test
    void a_run_killed_between_checkpoints_resumes_at_the_last_one_and_drops_what_was_written_after_it(@TempDir Path out)
            throws IOException {
        Run killed = finish();
        killed.killAfterReport = 28; // in batch 8, after the checkpoint at batch 6 and two batches written since
        assertThatThrownBy(() -> DataPreparation.run(config(out, ""), killed, SMALL))
                .hasMessage("killed");
        assertThat(killed.phases).last().isEqualTo("clean and tokenize 28");

        Run resumed = resumeToTheReference(out);

        assertThat(resumed.phases).contains("resuming at document 24 24");
    }

    @Test
    void a_run_stopped_twice_resumes_twice_to_the_same_snapshot(@TempDir Path out) throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("read open") && documents == 4, out);
        Run second = stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 36, out);
        assertThat(second.phases.getFirst()).isEqualTo("resuming after 1 of 2 sources 34");

        Run third = resumeToTheReference(out);

        assertThat(third.phases).contains("resuming at document 36 36");
    }

    @Test
    void a_run_with_other_settings_neither_resumes_nor_removes_a_stopped_runs_state(@TempDir Path out)
            throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 20, out);
        Path stopped = runDirectory(out);

        Run other = finish();
        DataPreparation.Result otherResult =
                DataPreparation.run(config(out, "{\"jaccardThreshold\": 0.75}"), other, SMALL);

        assertThat(other.phases).noneMatch(p -> p.startsWith("resuming"));
        assertThat(otherResult.id()).isNotEqualTo(reference.id());
        assertThat(stopped).isDirectory();
        Run resumed = finish();
        assertThat(DataPreparation.run(config(out, ""), resumed, SMALL).id()).isEqualTo(reference.id());
        assertThat(resumed.phases).contains("resuming at document 20 20");
    }

    @Test
    void a_damaged_checkpoint_makes_the_run_start_over_and_leaves_published_snapshots_alone(@TempDir Path out)
            throws IOException {
        DataPreparation.Result published =
                DataPreparation.run(config(out, "{\"jaccardThreshold\": 0.75}"), finish(), SMALL);
        // stopped elsewhere (so that only its run directory is there to check), then moved beside the snapshot
        Path elsewhere = Files.createDirectories(out.resolve("elsewhere"));
        stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 20, elsewhere);
        Path stopped = Files.move(
                runDirectory(elsewhere), out.resolve(runDirectory(elsewhere).getFileName()));
        try (RandomAccessFile f =
                new RandomAccessFile(stopped.resolve("pass2.checkpoint").toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }

        Run restarted = finish();
        DataPreparation.Result result = DataPreparation.run(config(out, ""), restarted, SMALL);

        assertThat(restarted.phases)
                .startsWith(
                        "resuming after 2 of 2 sources 44",
                        "starting over: pass2.checkpoint is damaged (checksum mismatch) 0");
        assertThat(restarted.phases).anyMatch(p -> p.startsWith("read share"));
        assertThat(result.id()).isEqualTo(reference.id());
        assertThat(result.manifest().toString()).isEqualTo(reference.manifest().toString());
        assertThat(published.directory().resolve("manifest.json")).exists();
        assertThat(DataPreparation.sha256(published.directory().resolve("manifest.json")))
                .isEqualTo(published.id());
    }

    @Test
    void a_journal_shorter_than_its_checkpoint_makes_the_run_start_over(@TempDir Path out) throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 20, out);
        try (RandomAccessFile f =
                new RandomAccessFile(runDirectory(out).resolve("near.journal").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        Run restarted = finish();
        DataPreparation.Result result = DataPreparation.run(config(out, ""), restarted, SMALL);

        assertThat(restarted.phases.get(1)).startsWith("starting over: near.journal is shorter");
        assertThat(result.id()).isEqualTo(reference.id());
    }

    @Test
    void restart_discards_a_stopped_runs_state(@TempDir Path out) throws IOException {
        stopWhen((phase, documents, report) -> phase.equals("clean and tokenize") && documents == 20, out);

        Run restarted = finish();
        DataPreparation.Result result = DataPreparation.run(config(out, ""), restarted, SMALL.withRestart(true));

        assertThat(restarted.phases).noneMatch(p -> p.startsWith("resuming")).anyMatch(p -> p.startsWith("read share"));
        assertThat(result.id()).isEqualTo(reference.id());
    }

    @Test
    void a_second_run_of_the_same_config_is_refused_while_the_first_holds_its_directory(@TempDir Path out)
            throws IOException {
        PrepareConfig config = config(out, "");
        String tokenizerSha = DataPreparation.sha256(tokenizerDir.resolve("tokenizer.json"));

        try (RunDirectory held = RunDirectory.open(out, DataPreparation.runKey(config, tokenizerSha))) {
            assertThatThrownBy(() -> DataPreparation.run(config, finish(), SMALL))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("another run of the same config is using " + held.dir);
        }
    }
}
