/*
 * Writes and reads the audit log. record(...) joins the caller's transaction, so an action and its
 * audit entry commit or roll back together; a caller that must keep an entry even when its own work
 * rolls back (a refused access) calls it from a transaction of its own (see the security module's
 * AccessGuard). It does not decide what is audited: callers do.
 */
package ai.enclave.audit.service;

import ai.enclave.audit.domain.AuditEvent;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

@ApplicationScoped
@Transactional
public class AuditLog {

    /** The actor name for what the platform does on its own (startup, scheduled work). */
    public static final String SYSTEM_ACTOR = "system";

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected AuditLog() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public AuditLog(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Appends an entry stamped with the current time.
     *
     * @param actorSubject the OIDC subject of who acted, or {@link #SYSTEM_ACTOR}
     * @param action a short kebab-case verb phrase, e.g. "sign-in", "open-area", "create-team"
     * @param target what it was about, e.g. "area:admin", or {@code null}
     * @param detail free text, or {@code null}
     */
    public AuditEvent record(String actorSubject, String action, String target, String detail, AuditOutcome outcome) {
        AuditEvent event = new AuditEvent(Timestamps.now(clock), actorSubject, action, target, detail, outcome);
        entityManager.persist(event);
        return event;
    }

    /** The newest entries first, at most {@code limit}. */
    public List<AuditEvent> recent(int limit) {
        return entityManager
                .createQuery("select e from AuditEvent e order by e.occurredAt desc, e.id desc", AuditEvent.class)
                .setMaxResults(limit)
                .getResultList();
    }

    /** One actor's entries, newest first, at most {@code limit}. */
    public List<AuditEvent> byActor(String actorSubject, int limit) {
        return entityManager
                .createQuery(
                        "select e from AuditEvent e where e.actorSubject = :actor order by e.occurredAt desc, e.id desc",
                        AuditEvent.class)
                .setParameter("actor", actorSubject)
                .setMaxResults(limit)
                .getResultList();
    }
}
