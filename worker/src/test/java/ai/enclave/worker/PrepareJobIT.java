/*
 * A prepare job end to end: a folder of text files through the directory connector, a tokenizer
 * trained on it, and the pipeline's snapshot, recorded as the job's result.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.tokenizer.Tokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
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
}
