/*
 * One entry of the audit log: when, who (the actor's OIDC subject, or a name such as "system"), what
 * action on which target, free-text detail, and the outcome. Entries are written once and never
 * changed: the entity is immutable to Hibernate and a trigger refuses UPDATE and DELETE on the table.
 */
package ai.enclave.audit.domain;

import ai.enclave.common.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

@Entity
@Immutable
@Table(name = "audit_events")
public class AuditEvent {

    public static final int ACTOR_LENGTH = 255;
    public static final int ACTION_LENGTH = 100;
    public static final int TARGET_LENGTH = 500;
    public static final int DETAIL_LENGTH = 4000;
    public static final int OUTCOME_LENGTH = 20;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotNull
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @NotBlank
    @Size(max = ACTOR_LENGTH)
    @Column(name = "actor_subject", length = ACTOR_LENGTH, nullable = false)
    private String actorSubject;

    @NotBlank
    @Size(max = ACTION_LENGTH)
    @Column(name = "action", length = ACTION_LENGTH, nullable = false)
    private String action;

    @Size(max = TARGET_LENGTH)
    @Column(name = "target", length = TARGET_LENGTH)
    private String target;

    @Size(max = DETAIL_LENGTH)
    @Column(name = "detail", length = DETAIL_LENGTH)
    private String detail;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", length = OUTCOME_LENGTH, nullable = false)
    private AuditOutcome outcome;

    /** For JPA only. */
    protected AuditEvent() {}

    /**
     * @param target what the action was about (e.g. "area:admin", "team:7"), or {@code null}
     * @param detail free text; cut to {@value #DETAIL_LENGTH} characters rather than failing the action
     */
    public AuditEvent(
            Instant occurredAt,
            String actorSubject,
            String action,
            String target,
            String detail,
            AuditOutcome outcome) {
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt is null");
        this.actorSubject = Text.required(actorSubject, ACTOR_LENGTH, "actorSubject");
        this.action = Text.required(action, ACTION_LENGTH, "action");
        this.target = Text.optional(target, TARGET_LENGTH, "target");
        this.detail = Text.clipped(detail, DETAIL_LENGTH);
        this.outcome = Objects.requireNonNull(outcome, "outcome is null");
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActorSubject() {
        return actorSubject;
    }

    public String getAction() {
        return action;
    }

    /** What the action was about, or {@code null}. */
    public String getTarget() {
        return target;
    }

    /** Free-text detail, or {@code null}. */
    public String getDetail() {
        return detail;
    }

    public AuditOutcome getOutcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return "AuditEvent[" + occurredAt + " " + actorSubject + " " + action + " " + target + " " + outcome + "]";
    }
}
