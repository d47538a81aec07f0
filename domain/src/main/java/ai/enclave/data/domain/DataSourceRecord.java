/*
 * A place documents come from (table data_sources): a connector type ("directory", "jsonl") and that
 * connector's config as JSON. Named ...Record because javax.sql.DataSource owns the short name. The
 * service checks the config against the type; this entity only keeps it.
 */
package ai.enclave.data.domain;

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
@Table(name = "data_sources")
public class DataSourceRecord {

    public static final int NAME_LENGTH = 100;
    public static final int TYPE_LENGTH = 40;
    public static final int CREATED_BY_LENGTH = 255;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false)
    private String name;

    @NotBlank
    @Size(max = TYPE_LENGTH)
    @Column(name = "type", length = TYPE_LENGTH, nullable = false, updatable = false)
    private String type;

    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "config", nullable = false)
    private String config;

    @NotBlank
    @Size(max = CREATED_BY_LENGTH)
    @Column(name = "created_by", length = CREATED_BY_LENGTH, nullable = false, updatable = false)
    private String createdBy;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected DataSourceRecord() {}

    public DataSourceRecord(String name, String type, String configJson, String createdBy, Instant createdAt) {
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.type = Text.required(type, TYPE_LENGTH, "type");
        this.config = Objects.requireNonNull(configJson, "config is null");
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

    /** The connector type, e.g. "directory". */
    public String getType() {
        return type;
    }

    /** The connector's config, a JSON object. */
    public String getConfig() {
        return config;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "DataSourceRecord[" + id + ", " + name + ", " + type + "]";
    }
}
