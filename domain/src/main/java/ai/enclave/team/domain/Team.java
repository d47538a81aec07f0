/*
 * A team: a named group of people. Datasets, models and grants will belong to teams; for now a team
 * has a name (unique regardless of case, enforced by the database), a description and its members.
 */
package ai.enclave.team.domain;

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

@Entity
@Table(name = "teams")
public class Team {

    public static final int NAME_LENGTH = 100;
    public static final int DESCRIPTION_LENGTH = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false)
    private String name;

    @Size(max = DESCRIPTION_LENGTH)
    @Column(name = "description", length = DESCRIPTION_LENGTH)
    private String description;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected Team() {}

    public Team(String name, String description, Instant createdAt) {
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.description = Text.optional(description, DESCRIPTION_LENGTH, "description");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** The database id; {@code null} until the team is persisted. */
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** What the team is for, or {@code null}. */
    public String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "Team[" + id + ", " + name + "]";
    }
}
