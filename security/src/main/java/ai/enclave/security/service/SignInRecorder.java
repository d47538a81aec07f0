/*
 * What happens when someone completes the OIDC sign-in: their "groups" claim becomes portal roles,
 * their account in the user directory is created or refreshed, and the sign-in is audited, all in one
 * transaction. The portal calls it once per new session with the claims of the ID token; it does not
 * validate tokens (the OIDC mechanism of the container has done that).
 */
package ai.enclave.security.service;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.identity.service.UserDirectory;
import ai.enclave.security.domain.PortalRole;
import ai.enclave.security.domain.SignedInUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.Objects;

@ApplicationScoped
public class SignInRecorder {

    /** The audit action of a completed sign-in. */
    public static final String SIGN_IN_ACTION = "sign-in";

    @Inject
    private UserDirectory userDirectory;

    @Inject
    private AuditLog auditLog;

    /** For CDI, which fills the fields above. */
    protected SignInRecorder() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public SignInRecorder(UserDirectory userDirectory, AuditLog auditLog) {
        this.userDirectory = Objects.requireNonNull(userDirectory, "userDirectory is null");
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog is null");
    }

    /**
     * @param subject the "sub" claim
     * @param username the "preferred_username" claim
     * @param displayName the "name" claim, or {@code null}
     * @param email the "email" claim, or {@code null}
     * @param groups the values of the "groups" claim (Keycloak realm roles); empty when absent
     * @return the user with mapped portal roles, to keep in the session
     */
    @Transactional
    public SignedInUser signedIn(
            String subject, String username, String displayName, String email, Collection<String> groups) {
        SignedInUser user = new SignedInUser(subject, username, displayName, email, PortalRole.fromGroups(groups));
        userDirectory.recordSignIn(subject, username, displayName, email, user.roleIds());
        auditLog.record(subject, SIGN_IN_ACTION, "user:" + username, "roles " + user.roleIds(), AuditOutcome.SUCCESS);
        return user;
    }
}
