package ai.enclave.portal.shell;

import ai.enclave.apikey.ui.ApiKeysView;
import ai.enclave.chat.ui.ChatView;
import ai.enclave.dashboard.ui.DashboardView;
import ai.enclave.data.ui.DataView;
import ai.enclave.deployments.ui.DeploymentsView;
import ai.enclave.identity.ui.UsersView;
import ai.enclave.models.ui.ModelsView;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.training.ui.TrainingView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import java.util.List;

/**
 * The application shell: a drawer with the areas this user may open, a header with the product
 * name and the user's menu. Entries the user's roles do not allow are left out (and refused by
 * {@link ViewAccess} if typed).
 */
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private record Entry(String id, String label, VaadinIcon icon, Class<? extends Component> view) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("nav-dashboard", "Dashboard", VaadinIcon.DASHBOARD, DashboardView.class),
            new Entry("nav-chat", "Chat", VaadinIcon.CHAT, ChatView.class),
            new Entry("nav-data", "Data", VaadinIcon.DATABASE, DataView.class),
            new Entry("nav-training", "Training", VaadinIcon.ROCKET, TrainingView.class),
            new Entry("nav-models", "Models", VaadinIcon.CUBES, ModelsView.class),
            new Entry("nav-deployments", "Deployments", VaadinIcon.SERVER, DeploymentsView.class),
            new Entry("nav-admin", "Admin", VaadinIcon.COG, UsersView.class));

    public MainLayout() {
        SignedInUser user = SessionUser.current();
        setPrimarySection(Section.DRAWER);
        addToNavbar(new DrawerToggle(), header(user));
        addToDrawer(brand(), navigation(user));
    }

    /**
     * A page opened from a button low on another (Launch, Deploy) starts at its top: the scroll
     * position would otherwise carry over, and the new page's heading and state would be out of view.
     * The page may scroll as a whole or inside the layout's content part, so both are reset.
     */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        getElement()
                .executeJs("window.scrollTo(0, 0);"
                        + " const content = this.shadowRoot && this.shadowRoot.querySelector('[content]');"
                        + " if (content) { content.scrollTop = 0; }");
    }

    private static Component brand() {
        Span brand = new Span("Enclave");
        brand.addClassName("enclave-brand");
        brand.getStyle().set("padding", "var(--lumo-space-m) var(--lumo-space-l)");
        return brand;
    }

    private static SideNav navigation(SignedInUser user) {
        SideNav nav = new SideNav();
        for (Entry entry : ENTRIES) {
            if (ViewAccess.mayOpen(user, entry.view())) {
                SideNavItem item = new SideNavItem(
                        entry.label(), entry.view(), entry.icon().create());
                item.setId(entry.id());
                nav.addItem(item);
            }
        }
        return nav;
    }

    private static Component header(SignedInUser user) {
        Span roles = new Span(String.join(", ", user.roleIds()));
        roles.addClassName("enclave-user-roles");
        roles.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        HorizontalLayout header = new HorizontalLayout(roles, userMenu(user));
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        return header;
    }

    private static Component userMenu(SignedInUser user) {
        MenuBar menu = new MenuBar();
        menu.setId("user-menu");
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        Avatar avatar = new Avatar(user.shownName());
        avatar.addThemeVariants(AvatarVariant.LUMO_XSMALL);
        HorizontalLayout label = new HorizontalLayout(avatar, new Span(user.shownName()));
        label.setAlignItems(FlexComponent.Alignment.CENTER);
        label.setSpacing(true);
        var root = menu.addItem(label);
        root.getSubMenu()
                .addItem(user.email() == null ? user.username() : user.email())
                .setEnabled(false);
        var apiKeys = root.getSubMenu()
                .addItem("API keys", e -> menu.getUI().ifPresent(ui -> ui.navigate(ApiKeysView.class)));
        apiKeys.setId("nav-api-keys");
        var signOut = root.getSubMenu()
                .addItem(
                        "Sign out",
                        e -> menu.getUI().ifPresent(ui -> ui.getPage().setLocation("/signout")));
        signOut.setId("sign-out");
        return menu;
    }
}
