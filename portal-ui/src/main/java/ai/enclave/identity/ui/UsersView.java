package ai.enclave.identity.ui;

import ai.enclave.identity.domain.UserAccount;
import ai.enclave.identity.service.UserDirectory;
import ai.enclave.portal.shell.AreaPage;
import ai.enclave.portal.shell.MainLayout;
import ai.enclave.security.domain.PortalArea;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Admin → Users: everyone who has signed in, with their roles and when they were last seen. */
@Dependent
@AreaPage(PortalArea.ADMIN)
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users · Admin · Enclave")
public class UsersView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final UserDirectory users;
    private final Grid<UserAccount> grid = new Grid<>(UserAccount.class, false);

    @Inject
    public UsersView(UserDirectory users) {
        this.users = users;
        addClassName("enclave-page");
        setSizeFull();
        configureGrid();
        add(
                new H2("Users"),
                new Paragraph("Everyone who has signed in, as the identity provider described them "
                        + "at their last sign-in. Roles are managed in the identity provider."),
                grid);
        refresh();
    }

    private void configureGrid() {
        grid.setId("users-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setSizeFull();
        grid.addColumn(UserAccount::getShownName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(UserAccount::getUsername).setHeader("Username").setAutoWidth(true);
        grid.addColumn(UserAccount::getEmail).setHeader("E-mail").setAutoWidth(true);
        grid.addColumn(user -> String.join(", ", user.getRoles()))
                .setHeader("Roles")
                .setAutoWidth(true);
        grid.addColumn(user -> when(user.getLastSeenAt()))
                .setHeader("Last seen")
                .setAutoWidth(true);
        grid.addColumn(user -> when(user.getFirstSeenAt()))
                .setHeader("First seen")
                .setAutoWidth(true);
    }

    private void refresh() {
        grid.setItems(query -> users.listUsers(query.getOffset(), query.getLimit()).stream());
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
