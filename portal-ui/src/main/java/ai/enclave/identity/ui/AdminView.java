package ai.enclave.identity.ui;

import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;

/** {@code /admin} opens the first admin page, Users, until Admin has more than one. */
@Dependent
@AreaPage(PortalArea.ADMIN)
@Route(value = "admin", layout = MainLayout.class)
public class AdminView extends Div implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(UsersView.class);
    }
}
