/*
 * What a running job sees of the queue: its id and the artifact directory, a place to put progress
 * (sent with the next heartbeat), metrics (written at once), and whether it should stop. A daemon
 * thread heartbeats every 2 s, renewing the lease well inside JobQueue.LEASE; when the heartbeat says
 * stop (cancel asked, or the lease was lost to another worker), stopRequested() turns true for good.
 */
package ai.enclave.worker;

import ai.enclave.jobs.service.JobQueue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

final class JobContext implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final JobQueue queue;
    private final long jobId;
    private final Path artifacts;
    private final AtomicReference<String> progress = new AtomicReference<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ScheduledExecutorService heartbeats;

    JobContext(JobQueue queue, long jobId, Path artifacts) {
        this.queue = queue;
        this.jobId = jobId;
        this.artifacts = artifacts;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("heartbeat-job-" + jobId).factory());
        long period = HEARTBEAT.toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    long jobId() {
        return jobId;
    }

    /** The artifact directory (ENCLAVE_ARTIFACTS): tokenizers/, snapshots/, runs/. */
    Path artifacts() {
        return artifacts;
    }

    /** Replaces the progress the next heartbeat stores. */
    void progress(ObjectNode value) {
        progress.set(value.toString());
    }

    void metrics(int step, Map<String, Double> values) {
        queue.recordMetrics(jobId, step, values);
    }

    /** A metric's value at the job's first (or last) recorded step, whichever worker recorded it. */
    OptionalDouble metric(String name, boolean first) {
        return queue.metric(jobId, name, first);
    }

    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code timeout} for a heartbeat that says stop; returns whether one did. */
    boolean awaitStop(Duration timeout) throws InterruptedException {
        return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void log(String message) {
        WorkerMain.log(jobId, message);
    }

    /** Heartbeats now, so the job's last progress is stored even when it ended between two beats. */
    void flush() {
        heartbeat();
    }

    private void heartbeat() {
        try {
            if (queue.heartbeat(jobId, progress.get())) {
                stop.countDown();
            }
        } catch (RuntimeException e) {
            // A database hiccup: the next beat tries again; only a lease left to run out loses the job.
            log("heartbeat failed at " + Instant.now() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
