/*
 * How the identity provider's "groups" claim becomes portal roles.
 */
package ai.enclave.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortalRoleTest {

    @Test
    void each_portal_role_is_read_from_its_realm_role_name() {
        assertThat(PortalRole.fromGroups(List.of("admin", "data-steward", "ml-engineer", "employee")))
                .containsExactly(
                        PortalRole.ADMIN, PortalRole.DATA_STEWARD, PortalRole.ML_ENGINEER, PortalRole.EMPLOYEE);
    }

    @Test
    void keycloak_default_roles_and_unknown_groups_are_ignored() {
        assertThat(PortalRole.fromGroups(List.of(
                        "default-roles-enclave", "offline_access", "uma_authorization", "ml-engineer", "finance")))
                .containsExactly(PortalRole.ML_ENGINEER);
    }

    @Test
    void a_user_without_any_known_role_is_treated_as_an_employee() {
        assertThat(PortalRole.fromGroups(List.of("offline_access", "finance"))).containsExactly(PortalRole.EMPLOYEE);
        assertThat(PortalRole.fromGroups(List.of())).containsExactly(PortalRole.EMPLOYEE);
    }

    @Test
    void group_paths_with_a_leading_slash_name_the_same_role() {
        assertThat(PortalRole.fromGroups(List.of("/admin"))).containsExactly(PortalRole.ADMIN);
    }

    @Test
    void role_names_are_matched_exactly_so_lookalikes_grant_nothing() {
        assertThat(PortalRole.fromGroups(List.of("Admin", "admins", " admin"))).containsExactly(PortalRole.EMPLOYEE);
    }

    @Test
    void a_role_id_reads_back_to_its_role() {
        for (PortalRole role : PortalRole.values()) {
            assertThat(PortalRole.fromId(role.id())).contains(role);
        }
        assertThat(PortalRole.fromId("root")).isEmpty();
    }
}
