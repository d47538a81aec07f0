package ai.enclave.portal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.chat.ui.ChatView;
import ai.enclave.dashboard.ui.DashboardView;
import ai.enclave.data.ui.DataView;
import ai.enclave.deployments.ui.DeploymentsView;
import ai.enclave.identity.ui.AdminView;
import ai.enclave.identity.ui.UsersView;
import ai.enclave.models.ui.ModelsView;
import ai.enclave.security.domain.PortalRole;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.training.ui.TrainingView;
import com.vaadin.flow.component.html.Div;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewAccessTest {

    private static SignedInUser withRoles(PortalRole... roles) {
        return new SignedInUser("sub-1", "someone", "Someone", null, Set.of(roles));
    }

    @Test
    void employee_cannot_open_admin_pages_but_can_chat() {
        SignedInUser employee = withRoles(PortalRole.EMPLOYEE);

        assertThat(ViewAccess.mayOpen(employee, UsersView.class)).isFalse();
        assertThat(ViewAccess.mayOpen(employee, AdminView.class)).isFalse();
        assertThat(ViewAccess.mayOpen(employee, ChatView.class)).isTrue();
        assertThat(ViewAccess.mayOpen(employee, DashboardView.class)).isTrue();
    }

    @Test
    void data_steward_opens_data_but_not_training_models_or_deployments() {
        SignedInUser steward = withRoles(PortalRole.DATA_STEWARD, PortalRole.EMPLOYEE);

        assertThat(ViewAccess.mayOpen(steward, DataView.class)).isTrue();
        assertThat(ViewAccess.mayOpen(steward, TrainingView.class)).isFalse();
        assertThat(ViewAccess.mayOpen(steward, ModelsView.class)).isFalse();
        assertThat(ViewAccess.mayOpen(steward, DeploymentsView.class)).isFalse();
    }

    @Test
    void ml_engineer_opens_training_models_and_deployments_but_not_data() {
        SignedInUser engineer = withRoles(PortalRole.ML_ENGINEER);

        assertThat(ViewAccess.mayOpen(engineer, TrainingView.class)).isTrue();
        assertThat(ViewAccess.mayOpen(engineer, ModelsView.class)).isTrue();
        assertThat(ViewAccess.mayOpen(engineer, DeploymentsView.class)).isTrue();
        assertThat(ViewAccess.mayOpen(engineer, DataView.class)).isFalse();
    }

    @Test
    void admin_opens_every_area() {
        SignedInUser admin = withRoles(PortalRole.ADMIN);

        for (Class<?> view : new Class<?>[] {
            DashboardView.class, ChatView.class, DataView.class, TrainingView.class,
            ModelsView.class, DeploymentsView.class, AdminView.class, UsersView.class
        }) {
            assertThat(ViewAccess.mayOpen(admin, view)).as(view.getSimpleName()).isTrue();
        }
    }

    @Test
    void a_route_without_a_declared_area_is_refused_even_to_admins() {
        assertThat(ViewAccess.mayOpen(withRoles(PortalRole.ADMIN), Div.class)).isFalse();
    }

    @Test
    void error_pages_open_for_everyone_so_a_refusal_can_be_shown() {
        assertThat(ViewAccess.mayOpen(withRoles(PortalRole.EMPLOYEE), NotAllowedView.class))
                .isTrue();
    }
}
