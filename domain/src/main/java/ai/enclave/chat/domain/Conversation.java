/*
 * One chat of one person with one deployment (table conversations): owner, title and when it was
 * last written to, which orders the history sidebar. Its messages are ChatMessage rows.
 */
package ai.enclave.chat.domain;

import ai.enclave.common.Text;
import ai.enclave.deployment.domain.Deployment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "conversations")
public class Conversation {

    public static final int OWNER_LENGTH = 255;
    public static final int TITLE_LENGTH = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = OWNER_LENGTH)
    @Column(name = "owner_subject", length = OWNER_LENGTH, nullable = false, updatable = false)
    private String ownerSubject;

    @NotNull
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "deployment_id", nullable = false, updatable = false)
    private Deployment deployment;

    @NotBlank
    @Size(max = TITLE_LENGTH)
    @Column(name = "title", length = TITLE_LENGTH, nullable = false)
    private String title;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @NotNull
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** For JPA only. */
    protected Conversation() {}

    /** A blank title becomes "New conversation"; a long one is cut. */
    public Conversation(String ownerSubject, Deployment deployment, String title, Instant createdAt) {
        this.ownerSubject = Text.required(ownerSubject, OWNER_LENGTH, "ownerSubject");
        this.deployment = Objects.requireNonNull(deployment, "deployment is null");
        String clipped = Text.clipped(title, TITLE_LENGTH);
        this.title = clipped == null ? "New conversation" : clipped;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = createdAt;
    }

    /** A message was added at {@code at}. */
    public void touched(Instant at) {
        this.updatedAt = Objects.requireNonNull(at, "at is null");
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    /** The OIDC subject of the person whose conversation this is. */
    public String getOwnerSubject() {
        return ownerSubject;
    }

    public Deployment getDeployment() {
        return deployment;
    }

    public String getTitle() {
        return title;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When the last message was added. */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "Conversation[" + id + ", " + title + "]";
    }
}
