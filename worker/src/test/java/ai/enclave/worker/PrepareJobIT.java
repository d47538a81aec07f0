/*
 * A prepare job end to end: a folder of text files through the directory connector, a tokenizer
 * trained on it, and the pipeline's snapshot, recorded as the job's result; and a second job over the
 * same source that syncs only what changed and leaves a deleted file out of its snapshot.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.tokenizer.Tokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareJobIT {

    @Test
    void a_folder_of_documents_becomes_a_snapshot_with_a_tokenizer_of_its_own() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();

        WorkerTestBed.Prepared prepared = bed.prepared();

        JsonNode result = prepared.job().result();
        assertThat(prepared.job().state()).isEqualTo("succeeded");
        assertThat(result.get("documents").asInt()).isEqualTo(Corpus.DOCUMENTS.size());
        assertThat(result.get("tokens").asLong()).isPositive();
        assertThat(result.get("contentId").asText()).hasSize(64);
        assertThat(prepared.snapshot())
                .isEqualTo(bed.artifacts
                        .resolve("snapshots")
                        .resolve(result.get("contentId").asText()));
        assertThat(prepared.snapshot().resolve("manifest.json")).isRegularFile();
        assertThat(result.path("stats").path("stages").isArray()).isTrue();
        assertThat(prepared.tokenizer())
                .isEqualTo(bed.artifacts.resolve("tokenizers").resolve("job-" + prepared.jobId()));
        assertThat(prepared.vocabSize()).isEqualTo(300);
        Tokenizer tokenizer = Tokenizer.load(prepared.tokenizer());
        assertThat(tokenizer.decode(tokenizer.encode("Travel for work is booked."), true))
                .isEqualTo("Travel for work is booked.");
        assertThat(Files.readString(prepared.tokenizer().resolve("tokenizer_config.json")))
                .contains("<|im_start|>");
        assertThat(prepared.tokenizer().resolve("generation_config.json")).isRegularFile();
        assertThat(prepared.job().progress().get("phase").asText()).isEqualTo("pipeline");
    }

    @Test
    void a_second_prepare_reads_only_the_changed_files_and_a_deleted_document_is_gone_from_its_snapshot()
            throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        Path folder = Corpus.write(bed.root.resolve("corpus-synced"));
        ObjectNode spec = WorkerTestBed.JSON.createObjectNode();
        ObjectNode source =
                spec.putObject("source").put("name", "handbook-synced").put("type", "directory");
        source.putObject("config").put("root", folder.toString());
        spec.putObject("tokenizer").putObject("train").put("vocabSize", 300);
        spec.put("validationFraction", 0.2);

        long firstId = bed.enqueue("prepare", spec);
        assertThat(bed.runWorker(firstId)).isZero();
        JsonNode first = bed.job(firstId).result();
        assertThat(first.path("sync").path("read").asInt()).isEqualTo(Corpus.DOCUMENTS.size());
        assertThat(snapshotIds(first)).contains("handbook-synced/topic-02.txt");

        Path changed = folder.resolve("topic-01.txt");
        Files.writeString(changed, Files.readString(changed) + "Badges are renewed every second year.\n");
        Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(folder.resolve("topic-02.txt"));
        spec.putObject("tokenizer").put("dir", first.get("tokenizerDir").asText());
        long secondId = bed.enqueue("prepare", spec);
        assertThat(bed.runWorker(secondId)).isZero();
        JsonNode second = bed.job(secondId).result();

        assertThat(second.path("sync").path("read").asInt()).isEqualTo(1);
        assertThat(second.path("sync").path("changed").asInt()).isEqualTo(1);
        assertThat(second.path("sync").path("deleted").asInt()).isEqualTo(1);
        assertThat(second.get("documents").asInt()).isEqualTo(Corpus.DOCUMENTS.size() - 1);
        assertThat(snapshotIds(second))
                .contains("handbook-synced/topic-01.txt")
                .doesNotContain("handbook-synced/topic-02.txt");
        JsonNode reported = second.path("stats").path("sources").get(0);
        assertThat(reported.get("name").asText()).isEqualTo("handbook-synced");
        assertThat(reported.get("type").asText()).isEqualTo("directory");
        assertThat(bed.artifacts.resolve("sources/source-handbook-synced/state.json"))
                .isRegularFile();
    }

    private static List<String> snapshotIds(JsonNode result) throws IOException {
        List<String> ids = new ArrayList<>();
        Path index = Path.of(result.get("directory").asText()).resolve("documents.jsonl");
        for (String line : Files.readAllLines(index)) {
            ids.add(WorkerTestBed.JSON.readTree(line).get("id").asText());
        }
        return ids;
    }
}
