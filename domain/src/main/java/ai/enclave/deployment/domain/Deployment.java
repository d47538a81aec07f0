/*
 * A model version served by a serving worker (table deployments): a name people and the API choose it
 * by, the model version, and the serve job that runs until stopped (its progress says loading or
 * ready, the port, the backend, memory and requests served). A stopped deployment keeps its row for
 * the history and frees its name.
 */
package ai.enclave.deployment.domain;

import ai.enclave.common.Text;
import ai.enclave.jobs.domain.Job;
import ai.enclave.models.domain.ModelVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "deployments")
public class Deployment {

    public static final int NAME_LENGTH = 100;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false, updatable = false)
    private String name;

    @NotNull
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "model_version_id", nullable = false, updatable = false)
    private ModelVersion modelVersion;

    @NotNull
    @OneToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "job_id", nullable = false, updatable = false)
    private Job job;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "stopped_at")
    private Instant stoppedAt;

    /** For JPA only. */
    protected Deployment() {}

    public Deployment(String name, ModelVersion modelVersion, Job job, String createdBy, Instant createdAt) {
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion is null");
        this.job = Objects.requireNonNull(job, "job is null");
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** Marks the deployment stopped; stopping twice keeps the first time. */
    public void stopped(Instant at) {
        if (stoppedAt == null) {
            stoppedAt = Objects.requireNonNull(at, "at is null");
        }
    }

    /** Not stopped and its serve job not over: a deployment that is (or soon will be) answering. */
    public boolean isLive() {
        return stoppedAt == null && !job.getState().isFinal();
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ModelVersion getModelVersion() {
        return modelVersion;
    }

    /** The serve job; its progress JSON has status, port, backend, memoryBytes and requests. */
    public Job getJob() {
        return job;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When it was stopped, or {@code null} while it runs. */
    public Instant getStoppedAt() {
        return stoppedAt;
    }

    @Override
    public String toString() {
        return "Deployment[" + id + ", " + name + "]";
    }
}
