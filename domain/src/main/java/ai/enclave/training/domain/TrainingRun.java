/*
 * One training run (table training_runs): the form's choices (name, preset or base model, the data:
 * one snapshot or one mix, the training settings as JSON), the estimate shown before launch, the train job doing the work,
 * and once it succeeded the model version it registered. Progress, metrics and errors live with the
 * job; this row is what stays the same from launch on, plus the link to the result.
 */
package ai.enclave.training.domain;

import ai.enclave.common.Text;
import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.domain.MixComponent;
import ai.enclave.jobs.domain.Job;
import ai.enclave.models.domain.ModelVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "training_runs")
public class TrainingRun {

    public static final int NAME_LENGTH = 100;
    public static final int PRESET_LENGTH = 40;
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
    @OneToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "job_id", nullable = false, updatable = false)
    private Job job;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "snapshot_id", updatable = false)
    private DatasetSnapshot snapshot;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "mix_id", updatable = false)
    private DataMix mix;

    @Enumerated(EnumType.STRING)
    @Column(name = "preset", length = PRESET_LENGTH, updatable = false)
    private ModelPreset preset;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "base_model_id", updatable = false)
    private ModelVersion baseModel;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "hyperparameters", nullable = false, updatable = false)
    private String hyperparameters;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "estimate", nullable = false, updatable = false)
    private String estimate;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "model_version_id")
    private ModelVersion modelVersion;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected TrainingRun() {}

    /**
     * Exactly one of {@code preset} and {@code baseModel}, and exactly one of {@code snapshot} and
     * {@code mix}, is given (the schema checks it too).
     */
    public TrainingRun(
            String name,
            Job job,
            DatasetSnapshot snapshot,
            DataMix mix,
            ModelPreset preset,
            ModelVersion baseModel,
            String hyperparametersJson,
            TrainingEstimate estimate,
            String createdBy,
            Instant createdAt) {
        if ((preset == null) == (baseModel == null)) {
            throw new IllegalArgumentException("a run starts from either a preset or a base model");
        }
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.job = Objects.requireNonNull(job, "job is null");
        if ((snapshot == null) == (mix == null)) {
            throw new IllegalArgumentException("a run reads either one snapshot or one mix");
        }
        this.snapshot = snapshot;
        this.mix = mix;
        this.preset = preset;
        this.baseModel = baseModel;
        this.hyperparameters = Objects.requireNonNull(hyperparametersJson, "hyperparameters is null");
        this.estimate = Objects.requireNonNull(estimate, "estimate is null").toJson();
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** Links the model version the finished run registered; once. */
    public void registered(ModelVersion version) {
        if (modelVersion != null) {
            throw new IllegalStateException("run " + id + " already registered " + modelVersion.getLabel());
        }
        this.modelVersion = Objects.requireNonNull(version, "version is null");
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** The train job: state, progress (step, tokens/s, ETA), metrics and error. */
    public Job getJob() {
        return job;
    }

    /** The snapshot read, or {@code null} when the run reads a mix. */
    public DatasetSnapshot getSnapshot() {
        return snapshot;
    }

    /** The mix read, or {@code null} when the run reads one snapshot. */
    public DataMix getMix() {
        return mix;
    }

    /** Every snapshot the run reads: the one, or the mix's in order. */
    public List<DatasetSnapshot> getSnapshots() {
        return mix == null
                ? List.of(snapshot)
                : mix.getComponents().stream().map(MixComponent::getSnapshot).toList();
    }

    /** What the run reads, for people: "#3 Handbook" or "mix handbook+wiki". */
    public String getDataLabel() {
        return mix == null ? snapshot.getLabel() : "mix " + mix.getName();
    }

    /** The size trained from scratch, or {@code null} when continuing a base model. */
    public ModelPreset getPreset() {
        return preset;
    }

    /** The model version continued, or {@code null} when trained from scratch. */
    public ModelVersion getBaseModel() {
        return baseModel;
    }

    /** The training settings (batch size, context, steps, learning rate, ...) as a JSON object. */
    public String getHyperparameters() {
        return hyperparameters;
    }

    /** The estimate shown before launch. */
    public TrainingEstimate getEstimate() {
        return TrainingEstimate.fromJson(estimate);
    }

    /** The model version the run registered, or {@code null} while it has not finished. */
    public ModelVersion getModelVersion() {
        return modelVersion;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "TrainingRun[" + id + ", " + name + "]";
    }
}
