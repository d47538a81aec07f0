/*
 * One pipeline run over a source (table dataset_snapshots): the prepare job that does the work and,
 * once that job succeeded, the immutable snapshot it produced (content id, directories, counts, the
 * manifest's statistics). Until then only the source and the job are known. The snapshot's files
 * live in the artifact directory; this row holds where and what a page needs to show.
 */
package ai.enclave.data.domain;

import ai.enclave.common.Json;
import ai.enclave.common.Text;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobState;
import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.persistence.Transient;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "dataset_snapshots")
public class DatasetSnapshot {

    public static final int CONTENT_ID_LENGTH = 64;
    public static final int DIRECTORY_LENGTH = 1000;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotNull
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "source_id", nullable = false, updatable = false)
    private DataSourceRecord source;

    @NotNull
    @OneToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "job_id", nullable = false, updatable = false)
    private Job job;

    @Size(max = CONTENT_ID_LENGTH)
    @Column(name = "content_id", length = CONTENT_ID_LENGTH)
    private String contentId;

    @Size(max = DIRECTORY_LENGTH)
    @Column(name = "directory", length = DIRECTORY_LENGTH)
    private String directory;

    @Size(max = DIRECTORY_LENGTH)
    @Column(name = "tokenizer_dir", length = DIRECTORY_LENGTH)
    private String tokenizerDir;

    @Column(name = "documents")
    private Long documents;

    @Column(name = "tokens")
    private Long tokens;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "stats")
    private String stats;

    /**
     * {@link #getTrainTokens}, parsed from {@link #stats} on first use, then kept for this instance: grids
     * and plans ask for it per row and per render. Null until asked. Not a column: nothing queries it, and
     * the stats stay the one record of it.
     */
    @Transient
    private Long trainTokens;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected DatasetSnapshot() {}

    public DatasetSnapshot(DataSourceRecord source, Job job, String createdBy, Instant createdAt) {
        this.source = Objects.requireNonNull(source, "source is null");
        this.job = Objects.requireNonNull(job, "job is null");
        this.createdBy = Text.required(createdBy, CREATED_BY_LENGTH, "createdBy");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * Fills in what the succeeded prepare job produced. Written once: the counts being known is what
     * marks a snapshot as settled.
     */
    public void recordOutcome(
            String contentId, String directory, String tokenizerDir, long documents, long tokens, String statsJson) {
        if (isSettled()) {
            throw new IllegalStateException("snapshot " + id + " already has its outcome");
        }
        this.contentId = Text.optional(contentId, CONTENT_ID_LENGTH, "contentId");
        this.directory = Text.optional(directory, DIRECTORY_LENGTH, "directory");
        this.tokenizerDir = Text.optional(tokenizerDir, DIRECTORY_LENGTH, "tokenizerDir");
        this.documents = documents;
        this.tokens = tokens;
        this.stats = statsJson;
        this.trainTokens = null;
    }

    /** Whether the outcome of the succeeded job has been recorded. */
    public boolean isSettled() {
        return documents != null;
    }

    /** Settled with at least one document and one token: something a training run can read. */
    public boolean isReady() {
        return isSettled() && job.getState() == JobState.SUCCEEDED && documents > 0 && tokens != null && tokens > 0;
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    public DataSourceRecord getSource() {
        return source;
    }

    /** The prepare job: its state, progress and error tell how the pipeline run is going. */
    public Job getJob() {
        return job;
    }

    /** The content hash naming the snapshot directory, or {@code null} until settled. */
    public String getContentId() {
        return contentId;
    }

    /** The snapshot directory (token shards and manifest), or {@code null} until settled. */
    public String getDirectory() {
        return directory;
    }

    /** The directory holding the snapshot's tokenizer.json, or {@code null} until settled. */
    public String getTokenizerDir() {
        return tokenizerDir;
    }

    /** Documents kept in the snapshot, or {@code null} until settled. */
    public Long getDocuments() {
        return documents;
    }

    /** Tokens in the snapshot, or {@code null} until settled. */
    public Long getTokens() {
        return tokens;
    }

    /**
     * Tokens in the training split (the manifest's {@code tokens.train}); all tokens when the
     * statistics do not split them; 0 until settled.
     */
    public long getTrainTokens() {
        if (trainTokens == null) {
            trainTokens = parseTrainTokens();
        }
        return trainTokens;
    }

    private long parseTrainTokens() {
        if (tokens == null) {
            return 0;
        }
        if (stats != null) {
            JsonNode train =
                    Json.object(stats, "stats of snapshot " + id).path("tokens").path("train");
            if (train.canConvertToLong()) {
                return train.asLong();
            }
        }
        return tokens;
    }

    /** A name for people: "#ID SOURCE". */
    public String getLabel() {
        return "#" + id + " " + source.getName();
    }

    /** The manifest's statistics as JSON, or {@code null}. */
    public String getStats() {
        return stats;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "DatasetSnapshot[" + id + ", source " + source.getName() + ", job " + job.getId() + "]";
    }
}
