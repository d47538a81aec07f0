/*
 * A row of the durable job queue, as the portal sees it: what to do (kind and spec JSON), where it is
 * (state, attempts, the worker holding the lease) and what came out (progress, result, error). The
 * portal only inserts jobs and asks for cancellation; everything after the claim is written by the
 * worker process through JobQueue (plain JDBC), so this entity has getters and no setters.
 */
package ai.enclave.jobs.domain;

import ai.enclave.common.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "jobs")
public class Job {

    public static final int KIND_LENGTH = 20;
    public static final int STATE_LENGTH = 20;
    public static final int ERROR_LENGTH = 4000;
    public static final int WORKER_LENGTH = 200;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotNull
    @Column(name = "kind", length = KIND_LENGTH, nullable = false, updatable = false)
    private String kind;

    @NotNull
    @Column(name = "state", length = STATE_LENGTH, nullable = false)
    private String state;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spec", nullable = false, updatable = false)
    private String spec;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "progress")
    private String progress;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "result")
    private String result;

    @Size(max = ERROR_LENGTH)
    @Column(name = "error", length = ERROR_LENGTH)
    private String error;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Size(max = WORKER_LENGTH)
    @Column(name = "worker", length = WORKER_LENGTH)
    private String worker;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /** For JPA only. */
    protected Job() {}

    /** A new queued job; {@code specJson} is the kind's spec object (see worker/README.md). */
    public Job(JobKind kind, String specJson, String createdBy, Instant createdAt) {
        this.kind = Objects.requireNonNull(kind, "kind is null").dbName();
        this.state = JobState.QUEUED.dbName();
        this.spec = Text.required(specJson, Integer.MAX_VALUE, "specJson");
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** The database id; {@code null} until the job is persisted. */
    public Long getId() {
        return id;
    }

    public JobKind getKind() {
        return JobKind.fromDb(kind);
    }

    public JobState getState() {
        return JobState.fromDb(state);
    }

    public String getSpec() {
        return spec;
    }

    /** The latest progress JSON the worker reported, or {@code null}. */
    public String getProgress() {
        return progress;
    }

    /** The result JSON of a succeeded job, or {@code null}. */
    public String getResult() {
        return result;
    }

    /** Why a failed job failed, or {@code null}. */
    public String getError() {
        return error;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** How many times a worker claimed the job (more than 1 after a worker died and another resumed). */
    public int getAttempts() {
        return attempts;
    }

    /** "host:pid" of the worker that claimed the job last, or {@code null}. */
    public String getWorker() {
        return worker;
    }

    public Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }

    public Instant getHeartbeatAt() {
        return heartbeatAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    /** Whether a worker holds the job now: running with a lease that has not run out at {@code now}. */
    public boolean isLeaseLive(Instant now) {
        return getState() == JobState.RUNNING && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "Job[" + id + ", " + kind + ", " + state + "]";
    }
}
