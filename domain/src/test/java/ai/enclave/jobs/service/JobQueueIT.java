/*
 * The job queue against a real PostgreSQL 18: the portal's side (Jobs, JPA) and the worker's side
 * (JobQueue, JDBC) on the same rows. One claim wins, an expired lease is taken over and counted,
 * cancellation reaches queued and running jobs, metrics are upserted, and a worker that lost its
 * lease cannot write over its successor.
 */
package ai.enclave.jobs.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobMetric;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.testsupport.RealPostgres;
import ai.enclave.testsupport.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobQueueIT {

    private static final Clock NOW = Clock.systemUTC();
    private static final Clock AFTER_LEASE = Clock.offset(NOW, JobQueue.LEASE.plusSeconds(1));

    private static DataSource dataSource;
    private static EntityManagerFactory factory;

    @BeforeAll
    static void migratedDatabase() {
        TestDatabase database = RealPostgres.freshDatabase();
        database.migrate();
        dataSource = database.dataSource();
        factory = database.entityManagerFactory();
    }

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @Test
    void of_two_workers_claiming_the_same_job_at_once_exactly_one_wins() throws Exception {
        JobQueue first = new JobQueue(dataSource, NOW, "host:1");
        JobQueue second = new JobQueue(dataSource, NOW, "host:2");
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10; round++) {
                long id = enqueue(JobKind.TRAIN);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Optional<JobQueue.ClaimedJob>>> claims = new ArrayList<>();
                for (JobQueue queue : List.of(first, second)) {
                    claims.add(threads.submit(() -> {
                        together.await();
                        return queue.claim(id);
                    }));
                }
                int winners = 0;
                for (Future<Optional<JobQueue.ClaimedJob>> claim : claims) {
                    winners += claim.get().isPresent() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(job(id).getAttempts()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_claim_starts_the_job_under_a_lease_and_hands_over_its_spec() {
        long id = enqueue(JobKind.PREPARE);

        JobQueue.ClaimedJob claimed =
                new JobQueue(dataSource, NOW, "host:1").claim(id).orElseThrow();

        Job job = job(id);
        assertThat(claimed).isEqualTo(new JobQueue.ClaimedJob(id, JobKind.PREPARE, "{\"n\": 1}", 1));
        assertThat(job.getState()).isEqualTo(JobState.RUNNING);
        assertThat(job.getWorker()).isEqualTo("host:1");
        assertThat(job.getStartedAt()).isNotNull();
        assertThat(job.isLeaseLive(NOW.instant())).isTrue();
        assertThat(job.isLeaseLive(AFTER_LEASE.instant())).isFalse();
        assertThat(new JobQueue(dataSource, NOW, "host:2").claim(id)).isEmpty();
    }

    @Test
    void an_expired_lease_is_claimed_again_and_the_attempt_counted() {
        long id = enqueue(JobKind.TRAIN);
        JobQueue dead = new JobQueue(dataSource, NOW, "host:dead");
        JobQueue successor = new JobQueue(dataSource, AFTER_LEASE, "host:new");
        dead.claim(id).orElseThrow();
        assertThat(claimable(NOW)).extracting(Job::getId).doesNotContain(id);
        assertThat(claimable(AFTER_LEASE)).extracting(Job::getId).contains(id);

        JobQueue.ClaimedJob again = successor.claim(id).orElseThrow();

        assertThat(again.attempts()).isEqualTo(2);
        assertThat(job(id).getWorker()).isEqualTo("host:new");
        // The old worker, should it wake up, is told to stop and cannot finish the job.
        assertThat(dead.heartbeat(id, "{\"step\": 99}")).isTrue();
        dead.succeed(id, "{\"from\": \"dead\"}");
        assertThat(job(id).getState()).isEqualTo(JobState.RUNNING);
        successor.succeed(id, "{\"from\": \"new\"}");
        Job done = job(id);
        assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.getResult()).contains("new");
        assertThat(done.getFinishedAt()).isNotNull();
        assertThat(done.getLeaseExpiresAt()).isNull();
    }

    @Test
    void a_queued_job_cancelled_is_final_at_once_and_never_claimed() {
        long id = enqueue(JobKind.TRAIN);

        jobs(jobs -> {
            jobs.requestCancel(id);
            return null;
        });

        Job job = job(id);
        assertThat(job.getState()).isEqualTo(JobState.CANCELLED);
        assertThat(job.getFinishedAt()).isNotNull();
        assertThat(new JobQueue(dataSource, NOW, "host:1").claim(id)).isEmpty();
        assertThat(claimable(NOW)).extracting(Job::getId).doesNotContain(id);
    }

    @Test
    void the_heartbeat_stores_progress_and_reports_a_requested_cancel() {
        long id = enqueue(JobKind.SERVE);
        JobQueue worker = new JobQueue(dataSource, NOW, "host:1");
        worker.claim(id).orElseThrow();

        boolean before = worker.heartbeat(id, "{\"status\": \"ready\", \"port\": 40123}");
        jobs(jobs -> {
            jobs.requestCancel(id);
            return null;
        });
        boolean after = worker.heartbeat(id, null);
        worker.cancelled(id);

        assertThat(before).isFalse();
        assertThat(after).isTrue();
        Job job = job(id);
        assertThat(job.getState()).isEqualTo(JobState.CANCELLED);
        assertThat(job.getProgress()).contains("40123");
        assertThat(job.getLeaseExpiresAt()).isNull();
    }

    @Test
    void metrics_written_again_for_a_step_replace_the_earlier_values() {
        long id = enqueue(JobKind.TRAIN);
        JobQueue worker = new JobQueue(dataSource, NOW, "host:1");
        worker.claim(id).orElseThrow();

        worker.recordMetrics(id, 1, Map.of("loss", 5.0, "lr", 1e-3));
        worker.recordMetrics(id, 2, Map.of("loss", 4.5));
        worker.recordMetrics(id, 2, Map.of("loss", 4.25, "eval_loss", 4.75));
        worker.recordMetrics(id, 3, Map.of("eval_loss", 4.5));

        assertThat(allMetrics(id))
                .containsExactly(
                        new JobMetric("loss", 1, 5.0),
                        new JobMetric("lr", 1, 1e-3),
                        new JobMetric("eval_loss", 2, 4.75),
                        new JobMetric("loss", 2, 4.25),
                        new JobMetric("eval_loss", 3, 4.5));
        assertThat(metricsAfter(id, 2)).containsExactly(new JobMetric("eval_loss", 3, 4.5));
        assertThat(worker.metric(id, "eval_loss", true)).hasValue(4.75);
        assertThat(worker.metric(id, "eval_loss", false)).hasValue(4.5);
        assertThat(worker.metric(id, "grad_norm", true)).isEmpty();
    }

    @Test
    void a_failure_keeps_the_message_cut_to_the_column() {
        long id = enqueue(JobKind.PREPARE);
        JobQueue worker = new JobQueue(dataSource, NOW, "host:1");
        worker.claim(id).orElseThrow();

        worker.fail(id, "x".repeat(10_000));

        Job job = job(id);
        assertThat(job.getState()).isEqualTo(JobState.FAILED);
        assertThat(job.getError()).hasSize(Job.ERROR_LENGTH).endsWith("…");
    }

    @Test
    void a_running_job_whose_worker_died_is_cancelled_at_once() {
        long id = enqueue(JobKind.TRAIN);
        new JobQueue(dataSource, NOW, "host:dead").claim(id).orElseThrow();

        jobs(AFTER_LEASE, jobs -> {
            jobs.requestCancel(id);
            return null;
        });

        assertThat(job(id).getState()).isEqualTo(JobState.CANCELLED);
    }

    private static long enqueue(JobKind kind) {
        return jobs(jobs -> jobs.enqueue(kind, "{\"n\": 1}", "sub-ml").getId());
    }

    private static Job job(long id) {
        return jobs(jobs -> jobs.find(id).orElseThrow());
    }

    private static List<Job> claimable(Clock clock) {
        return jobs(clock, Jobs::claimable);
    }

    private static List<JobMetric> allMetrics(long id) {
        return jobs(jobs -> jobs.metrics(id));
    }

    private static List<JobMetric> metricsAfter(long id, int step) {
        return jobs(jobs -> jobs.metricsAfter(id, step));
    }

    private static <T> T jobs(Function<Jobs, T> work) {
        return jobs(NOW, work);
    }

    private static <T> T jobs(Clock clock, Function<Jobs, T> work) {
        try (EntityManager entityManager = factory.createEntityManager()) {
            entityManager.getTransaction().begin();
            try {
                T result = work.apply(new Jobs(entityManager, clock));
                entityManager.getTransaction().commit();
                return result;
            } finally {
                if (entityManager.getTransaction().isActive()) {
                    entityManager.getTransaction().rollback();
                }
            }
        }
    }
}
