package ai.enclave.portal.shell;

import ai.enclave.security.domain.SignedInUser;
import ai.enclave.security.service.AccessGuard;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import com.vaadin.flow.router.HasErrorParameter;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The one rule for pages: a view opens when its {@link AreaPage} is open to the user's roles. The
 * navigation menu and the router both ask this class, so a page hidden from the menu is also
 * refused when its URL is typed; refusals are audited through the {@link AccessGuard}. Error pages
 * are open to all, else a refusal could not be shown.
 */
final class ViewAccess implements BeforeEnterListener {

    private static final Logger LOG = Logger.getLogger(ViewAccess.class.getName());

    private final AccessGuard guard;

    ViewAccess(AccessGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard is null");
    }

    static boolean mayOpen(SignedInUser user, Class<?> view) {
        if (HasErrorParameter.class.isAssignableFrom(view)) {
            return true;
        }
        AreaPage area = view.getAnnotation(AreaPage.class);
        return area != null && user.mayOpen(area.value());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!allows(SessionUser.current(), event.getNavigationTarget())) {
            event.rerouteToError(
                    AccessDeniedException.class,
                    "not allowed: " + event.getLocation().getPath());
        }
    }

    /** {@link #mayOpen}, with every refusal audited. */
    boolean allows(SignedInUser user, Class<?> view) {
        if (mayOpen(user, view)) {
            return true;
        }
        AreaPage area = view.getAnnotation(AreaPage.class);
        if (area == null) {
            LOG.severe("route " + view.getName() + " declares no @AreaPage; refused to everybody");
        } else {
            auditRefusal(user, area);
        }
        return false;
    }

    // The refusal stands even when it cannot be written down (database down); losing the audit
    // line is logged instead.
    private void auditRefusal(SignedInUser user, AreaPage area) {
        try {
            guard.checkAccess(user, area.value());
        } catch (RuntimeException e) {
            LOG.warning(
                    "refusal of " + user.username() + " to area " + area.value().id() + " not audited: " + e);
        }
    }
}
