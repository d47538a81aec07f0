/*
 * The portal's side of the job queue: enqueue a job, read jobs and their metrics, find the jobs a
 * worker could claim (for the WorkerSupervisor), and ask for cancellation. It never claims or runs a
 * job: worker processes do that through JobQueue over plain JDBC.
 */
package ai.enclave.jobs.service;

import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobMetric;
import ai.enclave.jobs.domain.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class Jobs {

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected Jobs() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public Jobs(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** A new queued job, inserted in the caller's transaction (so a job and its owning row commit together). */
    public Job enqueue(JobKind kind, String specJson, String createdBy) {
        Job job = new Job(kind, specJson, createdBy, Timestamps.now(clock));
        entityManager.persist(job);
        return job;
    }

    public Optional<Job> find(long id) {
        return Optional.ofNullable(entityManager.find(Job.class, id));
    }

    /** Jobs a worker could claim now, oldest first: queued, or running under a lease that ran out. */
    public List<Job> claimable() {
        return entityManager
                .createQuery("""
                        select j from Job j
                        where j.cancelRequested = false
                          and (j.state = :queued or (j.state = :running and j.leaseExpiresAt < :now))
                        order by j.id
                        """, Job.class)
                .setParameter("queued", JobState.QUEUED.dbName())
                .setParameter("running", JobState.RUNNING.dbName())
                .setParameter("now", Timestamps.now(clock))
                .getResultList();
    }

    /**
     * Stops a job. One no worker holds (queued, or running under a lease that ran out) is cancelled at
     * once; a running one is flagged, and its worker stops at its next heartbeat and marks it
     * cancelled. A final job stays as it is.
     *
     * @throws NoSuchElementException when there is no such job
     */
    public void requestCancel(long id) {
        // The row lock orders this against a worker's claim, which locks the same row.
        Job job = Optional.ofNullable(entityManager.find(Job.class, id, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> new NoSuchElementException("no job with id " + id));
        Instant now = Timestamps.now(clock);
        if (job.getState().isFinal()) {
            return;
        }
        if (job.isLeaseLive(now)) {
            entityManager
                    .createQuery("update Job j set j.cancelRequested = true where j.id = :id")
                    .setParameter("id", id)
                    .executeUpdate();
        } else {
            entityManager
                    .createQuery("""
                            update Job j set j.state = :cancelled, j.cancelRequested = true,
                                j.finishedAt = :now, j.leaseExpiresAt = null
                            where j.id = :id
                            """)
                    .setParameter("cancelled", JobState.CANCELLED.dbName())
                    .setParameter("now", now)
                    .setParameter("id", id)
                    .executeUpdate();
        }
        entityManager.refresh(job);
    }

    /** Every metric the job recorded, by step (then name). */
    public List<JobMetric> metrics(long jobId) {
        return metricsAfter(jobId, Integer.MIN_VALUE);
    }

    /** The metrics recorded after {@code step}, by step (then name): what a live chart adds. */
    public List<JobMetric> metricsAfter(long jobId, int step) {
        List<?> rows = entityManager
                .createNativeQuery("""
                        select name, step, value from job_metrics
                        where job_id = ?1 and step > ?2
                        order by step, name
                        """)
                .setParameter(1, jobId)
                .setParameter(2, step)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row ->
                        new JobMetric((String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).doubleValue()))
                .toList();
    }
}
