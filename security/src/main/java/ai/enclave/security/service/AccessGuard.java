/*
 * The permission check views and services call before they show or do anything in an area. A refusal
 * is written to the audit log in a transaction of its own, so it stays recorded even though the
 * refused caller's work rolls back. Allowed access is not audited here (it would log every page view);
 * the actions inside an area audit themselves.
 */
package ai.enclave.security.service;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.security.domain.AccessDeniedException;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.SignedInUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Objects;

@ApplicationScoped
@Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = AccessDeniedException.class)
public class AccessGuard {

    /** The audit action of a refused attempt to open an area. */
    public static final String OPEN_AREA_ACTION = "open-area";

    @Inject
    private AuditLog auditLog;

    /** For CDI, which fills the field above. */
    protected AccessGuard() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public AccessGuard(AuditLog auditLog) {
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog is null");
    }

    /** For views: whether the user may open the area; a refusal is audited. */
    public boolean checkAccess(SignedInUser user, PortalArea area) {
        Objects.requireNonNull(user, "user is null");
        Objects.requireNonNull(area, "area is null");
        if (user.mayOpen(area)) {
            return true;
        }
        auditLog.record(
                user.subject(), OPEN_AREA_ACTION, "area:" + area.id(), "roles " + user.roleIds(), AuditOutcome.DENIED);
        return false;
    }

    /**
     * For services: returns when the user may open the area, otherwise audits the refusal and throws.
     *
     * @throws AccessDeniedException when the user's roles do not open the area
     */
    public void requireAccess(SignedInUser user, PortalArea area) {
        if (!checkAccess(user, area)) {
            throw new AccessDeniedException(user, area);
        }
    }
}
