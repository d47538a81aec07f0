/*
 * A sign-in against a real PostgreSQL 18: the groups claim becomes portal roles, the person is
 * mirrored in the user directory with those roles, and the sign-in is in the audit log.
 */
package ai.enclave.security.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.audit.domain.AuditEvent;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.identity.domain.UserAccount;
import ai.enclave.identity.service.UserDirectory;
import ai.enclave.security.domain.PortalRole;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.testsupport.MigratedDatabase;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInRecorderIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void a_sign_in_mirrors_the_user_with_mapped_roles_and_is_audited() {
        SignedInUser user = signIn("sub-ada", "ada", List.of("admin", "default-roles-enclave", "offline_access"));

        assertThat(user.roles()).containsExactly(PortalRole.ADMIN);
        UserAccount account = database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC())
                .findBySubject("sub-ada")
                .orElseThrow());
        assertThat(account.getRoles()).containsExactly("admin");
        List<AuditEvent> events =
                database.inTransaction(em -> new AuditLog(em, Clock.systemUTC()).byActor("sub-ada", 5));
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getAction()).isEqualTo(SignInRecorder.SIGN_IN_ACTION);
            assertThat(event.getTarget()).isEqualTo("user:ada");
            assertThat(event.getOutcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
    }

    @Test
    void a_user_without_a_known_group_is_stored_as_employee() {
        SignedInUser user = signIn("sub-bob", "bob", List.of("finance"));

        assertThat(user.roles()).containsExactly(PortalRole.EMPLOYEE);
        UserAccount account = database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC())
                .findBySubject("sub-bob")
                .orElseThrow());
        assertThat(account.getRoles()).containsExactly("employee");
    }

    @Test
    void a_role_removed_in_the_identity_provider_is_gone_after_the_next_sign_in() {
        signIn("sub-cy", "cy", List.of("ml-engineer", "data-steward"));
        signIn("sub-cy", "cy", List.of("data-steward"));

        UserAccount account = database.inTransaction(em ->
                new UserDirectory(em, Clock.systemUTC()).findBySubject("sub-cy").orElseThrow());
        assertThat(account.getRoles()).containsExactly("data-steward");
    }

    private static SignedInUser signIn(String subject, String username, List<String> groups) {
        return database.inTransaction(em -> {
            Clock clock = Clock.systemUTC();
            return new SignInRecorder(new UserDirectory(em, clock), new AuditLog(em, clock))
                    .signedIn(subject, username, null, null, groups);
        });
    }
}
