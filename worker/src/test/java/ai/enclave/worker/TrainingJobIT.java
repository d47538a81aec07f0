/*
 * A train job over the prepared corpus, twice: once without interruption, and once in a worker process
 * killed (SIGKILL) after its first checkpoint and then taken over, after its lease ran out, by a new
 * worker. The resumed run must end with the same weights, byte for byte, and the job's result must
 * name the final checkpoint with its losses. And a run over a weighted mix of two snapshots.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrainingJobIT {

    private static final int STEPS = 30;
    private static final int CHECKPOINT_EVERY = 10;
    /** Another worker's clock once the killed one's lease has run out. */
    private static final Clock AFTER_LEASE =
            Clock.offset(Clock.systemUTC(), ai.enclave.jobs.service.JobQueue.LEASE.plusSeconds(1));

    @Test
    void a_killed_training_worker_is_resumed_by_another_and_ends_with_the_same_weights() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        WorkerTestBed.Prepared prepared = bed.prepared();
        Path straightOut = bed.artifacts.resolve("runs").resolve("run-straight");
        Path resumedOut = bed.artifacts.resolve("runs").resolve("run-resumed");

        long straight = bed.enqueue("train", spec(prepared, straightOut));
        assertThat(bed.runWorker(straight)).isZero();

        long resumed = bed.enqueue("train", spec(prepared, resumedOut));
        Process worker = bed.startWorkerProcess(resumed, bed.root.resolve("worker-" + resumed + ".log"));
        Path firstCheckpoint = resumedOut.resolve(String.format("checkpoint-%08d", CHECKPOINT_EVERY));
        while (!Files.isDirectory(firstCheckpoint) && worker.isAlive()) {
            Thread.sleep(5);
        }
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(resumedOut.resolve(String.format("checkpoint-%08d", STEPS)))
                .as("the worker was killed before it finished (else this test proves nothing)")
                .doesNotExist();
        assertThat(bed.job(resumed).state()).isEqualTo("running");
        assertThat(bed.runWorker(resumed, AFTER_LEASE)).isZero();

        WorkerTestBed.JobRow straightJob = bed.job(straight);
        WorkerTestBed.JobRow resumedJob = bed.job(resumed);
        assertThat(resumedJob.state()).isEqualTo("succeeded");
        assertThat(resumedJob.attempts()).isEqualTo(2);
        Path straightModel = Path.of(straightJob.result().get("modelDir").asText());
        Path resumedModel = Path.of(resumedJob.result().get("modelDir").asText());
        assertThat(resumedModel).isEqualTo(resumedOut.resolve(String.format("checkpoint-%08d", STEPS)));
        assertThat(Files.readAllBytes(resumedModel.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(straightModel.resolve("model.safetensors")));
        JsonNode result = resumedJob.result();
        assertThat(result.get("steps").asInt()).isEqualTo(STEPS);
        assertThat(result.get("parameters").asLong()).isPositive();
        assertThat(result.get("firstEvalLoss").asDouble())
                .isEqualTo(straightJob.result().get("firstEvalLoss").asDouble());
        assertThat(result.get("evalLoss").asDouble())
                .isLessThan(result.get("firstEvalLoss").asDouble());
        assertThat(result.get("loss").asDouble())
                .isEqualTo(straightJob.result().get("loss").asDouble());
        assertThat(resumedJob.progress().get("step").asInt()).isEqualTo(STEPS);
        // The checkpoint is a complete model directory: weights, config, tokenizer and chat files.
        for (String file :
                new String[] {"config.json", "tokenizer.json", "tokenizer_config.json", "generation_config.json"}) {
            assertThat(resumedModel.resolve(file)).isRegularFile();
        }
    }

    @Test
    void a_run_over_a_mix_reads_its_snapshots_by_weight_and_reports_how_far_each_was_read() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        WorkerTestBed.Prepared prepared = bed.prepared();
        // a second snapshot of the same size and tokenizer: the copy of the first
        Path copy = bed.artifacts.resolve("snapshots").resolve("copy-for-mix");
        try (Stream<Path> files = Files.walk(prepared.snapshot())) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(prepared.snapshot().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        ObjectNode spec = spec(prepared, bed.artifacts.resolve("runs").resolve("run-mixed"));
        ArrayNode data = spec.putArray("data");
        data.addObject().put("dir", prepared.snapshot().toString()).put("weight", 3);
        data.addObject().put("dir", copy.toString()).put("weight", 1);

        long id = bed.enqueue("train", spec);
        assertThat(bed.runWorker(id)).isZero();

        WorkerTestBed.JobRow job = bed.job(id);
        assertThat(job.state()).isEqualTo("succeeded");
        JsonNode epochs = job.progress().get("dataEpochs");
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).asDouble() / epochs.get(1).asDouble()).isCloseTo(3.0, within(0.05));
    }

    /** A tiny MPT model (2 layers, d_model 32) from scratch on the prepared snapshot. */
    static ObjectNode spec(WorkerTestBed.Prepared prepared, Path out) {
        ObjectNode spec = WorkerTestBed.JSON.createObjectNode();
        ObjectNode model = spec.putObject("modelConfig");
        model.put("model_type", "mpt")
                .put("d_model", 32)
                .put("n_layers", 2)
                .put("n_heads", 2)
                .put("expansion_ratio", 4)
                .put("max_seq_len", 64)
                .put("vocab_size", prepared.vocabSize())
                .put("no_bias", true);
        model.putObject("attn_config").put("alibi", true);
        spec.putNull("baseModelDir");
        spec.putArray("data")
                .addObject()
                .put("dir", prepared.snapshot().toString())
                .put("weight", 1);
        spec.put("tokenizerDir", prepared.tokenizer().toString());
        spec.put("outDir", out.toString());
        spec.putObject("train")
                .put("batchSize", 4)
                .put("seqLen", 32)
                .put("gradAccum", 1)
                .put("steps", STEPS)
                .put("lr", 3e-3)
                .put("minLr", 3e-4)
                .put("warmupSteps", 3)
                .put("seed", 1)
                .put("logEvery", 1)
                .put("evalEvery", CHECKPOINT_EVERY)
                .put("evalBatches", 2)
                .put("checkpointEvery", CHECKPOINT_EVERY);
        return spec;
    }
}
