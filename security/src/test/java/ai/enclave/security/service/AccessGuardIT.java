/*
 * The access guard against a real PostgreSQL 18: refusals are answered and audited, allowed access
 * is answered and not audited. (Its own transaction for the refusal's audit entry is the container's
 * work and is exercised in the portal, not here.)
 */
package ai.enclave.security.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.audit.domain.AuditEvent;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.security.domain.AccessDeniedException;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.PortalRole;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.testsupport.MigratedDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessGuardIT {

    private static final SignedInUser EMPLOYEE =
            new SignedInUser("sub-emp", "emp", "Em Ployee", null, Set.of(PortalRole.EMPLOYEE));
    private static final SignedInUser ADMIN = new SignedInUser("sub-adm", "adm", null, null, Set.of(PortalRole.ADMIN));

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void an_employee_opening_admin_is_refused_and_the_refusal_is_audited() {
        boolean allowed = guarded(guard -> guard.checkAccess(EMPLOYEE, PortalArea.ADMIN));

        assertThat(allowed).isFalse();
        assertThat(auditOf(EMPLOYEE)).singleElement().satisfies(event -> {
            assertThat(event.getAction()).isEqualTo(AccessGuard.OPEN_AREA_ACTION);
            assertThat(event.getTarget()).isEqualTo("area:admin");
            assertThat(event.getDetail()).isEqualTo("roles [employee]");
            assertThat(event.getOutcome()).isEqualTo(AuditOutcome.DENIED);
        });
    }

    @Test
    void a_service_requiring_an_area_the_user_lacks_gets_access_denied() {
        SignedInUser steward = new SignedInUser("sub-stw", "stw", null, null, Set.of(PortalRole.DATA_STEWARD));

        assertThatThrownBy(() -> guarded(guard -> {
                    guard.requireAccess(steward, PortalArea.TRAINING);
                    return null;
                }))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("stw (roles [data-steward]) may not open training");
    }

    @Test
    void an_admin_opening_admin_is_allowed_and_nothing_is_audited() {
        boolean allowed = guarded(guard -> guard.checkAccess(ADMIN, PortalArea.ADMIN));

        assertThat(allowed).isTrue();
        assertThat(auditOf(ADMIN)).isEmpty();
    }

    private static <T> T guarded(Function<AccessGuard, T> work) {
        return database.inTransaction(em -> work.apply(new AccessGuard(new AuditLog(em, Clock.systemUTC()))));
    }

    private static List<AuditEvent> auditOf(SignedInUser user) {
        return database.inTransaction(em -> new AuditLog(em, Clock.systemUTC()).byActor(user.subject(), 10));
    }
}
