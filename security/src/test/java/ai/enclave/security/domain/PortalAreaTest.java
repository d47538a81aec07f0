/*
 * Which roles open which areas of the portal, and what a signed-in user therefore sees.
 */
package ai.enclave.security.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortalAreaTest {

    @Test
    void only_admins_open_the_admin_area() {
        assertThat(PortalArea.ADMIN.isOpenTo(Set.of(PortalRole.ADMIN))).isTrue();
        assertThat(PortalArea.ADMIN.isOpenTo(
                        EnumSet.of(PortalRole.DATA_STEWARD, PortalRole.ML_ENGINEER, PortalRole.EMPLOYEE)))
                .isFalse();
    }

    @Test
    void data_is_for_data_stewards_and_admins() {
        assertThat(PortalArea.DATA.allowedRoles()).containsExactlyInAnyOrder(PortalRole.DATA_STEWARD, PortalRole.ADMIN);
    }

    @Test
    void training_models_and_deployments_are_for_ml_engineers_and_admins() {
        for (PortalArea area : EnumSet.of(PortalArea.TRAINING, PortalArea.MODELS, PortalArea.DEPLOYMENTS)) {
            assertThat(area.allowedRoles()).containsExactlyInAnyOrder(PortalRole.ML_ENGINEER, PortalRole.ADMIN);
        }
    }

    @Test
    void everyone_signed_in_opens_chat_and_the_dashboard() {
        for (PortalRole role : PortalRole.values()) {
            assertThat(PortalArea.CHAT.isOpenTo(Set.of(role))).isTrue();
            assertThat(PortalArea.DASHBOARD.isOpenTo(Set.of(role))).isTrue();
        }
    }

    @Test
    void an_employee_sees_only_dashboard_and_chat() {
        assertThat(PortalArea.openTo(Set.of(PortalRole.EMPLOYEE)))
                .containsExactly(PortalArea.DASHBOARD, PortalArea.CHAT);
    }

    @Test
    void an_admin_sees_every_area_in_navigation_order() {
        assertThat(PortalArea.openTo(Set.of(PortalRole.ADMIN))).containsExactly(PortalArea.values());
    }

    @Test
    void a_data_steward_who_is_also_an_ml_engineer_opens_both_kinds_of_area_but_not_admin() {
        SignedInUser user = new SignedInUser(
                "sub-1", "grace", "Grace", null, EnumSet.of(PortalRole.DATA_STEWARD, PortalRole.ML_ENGINEER));

        assertThat(user.openableAreas())
                .containsExactly(
                        PortalArea.DASHBOARD,
                        PortalArea.CHAT,
                        PortalArea.DATA,
                        PortalArea.TRAINING,
                        PortalArea.MODELS,
                        PortalArea.DEPLOYMENTS);
        assertThat(user.mayOpen(PortalArea.ADMIN)).isFalse();
    }

    @Test
    void a_signed_in_user_without_roles_cannot_exist() {
        assertThatThrownBy(() -> new SignedInUser("sub-1", "grace", null, null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_user_without_display_name_is_shown_by_username_and_role_ids_are_the_stored_names() {
        SignedInUser user =
                new SignedInUser("sub-1", "grace", null, null, EnumSet.of(PortalRole.EMPLOYEE, PortalRole.ADMIN));

        assertThat(user.shownName()).isEqualTo("grace");
        assertThat(user.roleIds()).containsExactly("admin", "employee");
    }
}
