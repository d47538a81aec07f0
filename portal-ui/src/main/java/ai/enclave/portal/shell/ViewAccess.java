package ai.enclave.portal.shell;

import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import jakarta.annotation.security.RolesAllowed;

/**
 * The one rule for pages: a view annotated {@link RolesAllowed} opens only for those roles, any
 * other view for every signed-in user. The navigation menu and the router both ask this class, so
 * a page hidden from the menu is also refused when its URL is typed.
 */
public final class ViewAccess implements BeforeEnterListener {

    public static boolean mayOpen(SignedInUser user, Class<?> view) {
        RolesAllowed allowed = view.getAnnotation(RolesAllowed.class);
        return allowed == null || user.hasAnyRole(allowed.value());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (!mayOpen(SignedInUser.current(), target)) {
            event.rerouteToError(AccessDeniedException.class, "not allowed: " + event.getLocation().getPath());
        }
    }
}
