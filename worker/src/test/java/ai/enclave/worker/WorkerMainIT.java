/*
 * WorkerMain's contract with the queue: a job held by another worker's live lease is left alone, a
 * spec the job cannot use fails it with a message naming the problem, and a training job stops between
 * steps once cancellation is asked.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.jobs.service.JobQueue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerMainIT {

    @Test
    void a_job_another_worker_holds_is_left_alone() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        long id = bed.enqueue("prepare", WorkerTestBed.JSON.createObjectNode());
        new JobQueue(bed.dataSource, Clock.systemUTC(), "elsewhere:1").claim(id).orElseThrow();

        int exit = bed.runWorker(id);

        assertThat(exit).isZero();
        WorkerTestBed.JobRow job = bed.job(id);
        assertThat(job.state()).isEqualTo("running");
        assertThat(job.attempts()).isEqualTo(1);
    }

    @Test
    void a_spec_without_a_required_field_fails_the_job_naming_the_field() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        long id = bed.enqueue("train", WorkerTestBed.JSON.createObjectNode().put("dataDir", "/nowhere"));

        int exit = bed.runWorker(id);

        assertThat(exit).isEqualTo(1);
        WorkerTestBed.JobRow job = bed.job(id);
        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.error()).isEqualTo("the job spec has no \"outDir\"");
    }

    @Test
    void a_training_job_stops_between_steps_when_cancelled() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        ObjectNode spec =
                TrainingJobIT.spec(bed.prepared(), bed.artifacts.resolve("runs").resolve("run-cancelled"));
        spec.with("train").put("steps", 100_000);
        long id = bed.enqueue("train", spec);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread worker = Thread.ofPlatform().start(() -> exit.set(bed.runWorker(id)));
        while (bed.job(id).progress() == null) {
            Thread.sleep(50);
        }

        bed.requestCancel(id);
        worker.join(15_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        WorkerTestBed.JobRow job = bed.job(id);
        assertThat(job.state()).isEqualTo("cancelled");
        assertThat(job.progress().get("step").asInt()).isBetween(1, 99_999);
    }
}
