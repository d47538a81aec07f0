/*
 * One version of a model in the registry (table model_versions): a name and version number, the
 * directory holding its files (config.json, model.safetensors, tokenizer.json, chat template), the
 * config.json text, its size, the content ids of the snapshots it was trained on, the run's
 * hyperparameters and final eval loss. Immutable once registered. The training run that made it is
 * kept as an id, not a relation, so the registry does not depend on the training feature.
 */
package ai.enclave.models.domain;

import ai.enclave.common.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "model_versions")
public class ModelVersion {

    public static final int NAME_LENGTH = 100;
    public static final int DIRECTORY_LENGTH = 1000;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false, updatable = false)
    private String name;

    @Positive
    @Column(name = "version", nullable = false, updatable = false)
    private int version;

    @NotBlank
    @Size(max = DIRECTORY_LENGTH)
    @Column(name = "directory", length = DIRECTORY_LENGTH, nullable = false, updatable = false)
    private String directory;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "config", nullable = false, updatable = false)
    private String config;

    @Column(name = "parameters", nullable = false, updatable = false)
    private long parameters;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "snapshot_ids", nullable = false, updatable = false)
    private String snapshotIds;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "hyperparameters", nullable = false, updatable = false)
    private String hyperparameters;

    @Column(name = "eval_loss", updatable = false)
    private Double evalLoss;

    @Column(name = "training_run_id", updatable = false)
    private Long trainingRunId;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected ModelVersion() {}

    /**
     * @param snapshotIdsJson a JSON array of snapshot content ids
     * @param trainingRunId the run that produced it, or {@code null} for an imported model
     */
    public ModelVersion(
            String name,
            int version,
            String directory,
            String configJson,
            long parameters,
            String snapshotIdsJson,
            String hyperparametersJson,
            Double evalLoss,
            Long trainingRunId,
            String createdBy,
            Instant createdAt) {
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.version = version;
        this.directory = Text.required(directory, DIRECTORY_LENGTH, "directory");
        this.config = Objects.requireNonNull(configJson, "config is null");
        this.parameters = parameters;
        this.snapshotIds = Objects.requireNonNull(snapshotIdsJson, "snapshotIds is null");
        this.hyperparameters = Objects.requireNonNull(hyperparametersJson, "hyperparameters is null");
        this.evalLoss = evalLoss;
        this.trainingRunId = trainingRunId;
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** 1 for the first version of a name, then counting up. */
    public int getVersion() {
        return version;
    }

    /** "name v3", how pages and the API name a version. */
    public String getLabel() {
        return name + " v" + version;
    }

    /** The directory holding config.json, model.safetensors, tokenizer.json and the chat template. */
    public String getDirectory() {
        return directory;
    }

    /** The config.json text of the weights. */
    public String getConfig() {
        return config;
    }

    public long getParameters() {
        return parameters;
    }

    /** A JSON array of the content ids of the snapshots it was trained on. */
    public String getSnapshotIds() {
        return snapshotIds;
    }

    /** The run's training settings as a JSON object. */
    public String getHyperparameters() {
        return hyperparameters;
    }

    /** The final eval loss, or {@code null} when none was measured. */
    public Double getEvalLoss() {
        return evalLoss;
    }

    /** The id of the training run that produced it, or {@code null}. */
    public Long getTrainingRunId() {
        return trainingRunId;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "ModelVersion[" + id + ", " + getLabel() + "]";
    }
}
