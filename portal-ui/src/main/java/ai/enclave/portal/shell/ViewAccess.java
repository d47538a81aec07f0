package ai.enclave.portal.shell;

import ai.enclave.security.domain.SignedInUser;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import com.vaadin.flow.router.HasErrorParameter;

/**
 * The one rule for pages: a view opens when its {@link AreaPage} is open to the user's roles. The
 * navigation menu and the router both ask this class, so a page hidden from the menu is also
 * refused when its URL is typed. Error pages are open to all, else a refusal could not be shown.
 */
public final class ViewAccess implements BeforeEnterListener {

    public static boolean mayOpen(SignedInUser user, Class<?> view) {
        if (HasErrorParameter.class.isAssignableFrom(view)) {
            return true;
        }
        AreaPage area = view.getAnnotation(AreaPage.class);
        return area != null && user.mayOpen(area.value());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (!mayOpen(SessionUser.current(), target)) {
            event.rerouteToError(AccessDeniedException.class, "not allowed: " + event.getLocation().getPath());
        }
    }
}
