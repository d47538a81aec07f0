package ai.enclave.portal.shell;

import ai.enclave.identity.service.UserDirectory;
import ai.enclave.portal.platform.DatabaseStatus;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Wires every browser session to the platform: at its first request the signed-in person is read
 * from the identity provider's claims, kept in the session and mirrored into the user directory;
 * every UI gets the page-access check; every session gets the one error handler that logs and
 * shows a notification instead of a stack trace.
 */
@ApplicationScoped
public class PortalSessions {

    private static final Logger LOG = Logger.getLogger(PortalSessions.class.getName());
    static final List<String> PORTAL_ROLES = List.of("admin", "data-steward", "ml-engineer", "employee");

    @Inject
    OpenIdContext openIdContext;

    @Inject
    UserDirectory users;

    void onServiceInit(@Observes ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> signIn(e.getSession(), e.getRequest()));
        event.getSource().addUIInitListener(e -> e.getUI().addBeforeEnterListener(new ViewAccess()));
    }

    private void signIn(VaadinSession session, VaadinRequest request) {
        var claims = openIdContext.getClaims();
        String username = claims.getPreferredUsername().orElse(request.getUserPrincipal().getName());
        SignedInUser user = new SignedInUser(
                openIdContext.getSubject(),
                username,
                claims.getName().orElse(username),
                claims.getEmail().orElse(null),
                PORTAL_ROLES.stream().filter(request::isUserInRole).collect(Collectors.toSet()));
        SignedInUser.store(session, user);
        session.setErrorHandler(PortalSessions::showError);
        try {
            users.recordSignIn(user.subject(), user.username(), user.displayName(), user.email(), user.roles());
        } catch (RuntimeException e) {
            if (!DatabaseStatus.isOutage(e)) {
                throw e;
            }
            // The person may still use what does not need the database; the next session records them.
            LOG.warning("sign-in of " + user.username() + " not recorded: database unavailable");
        }
    }

    private static void showError(ErrorEvent event) {
        Throwable failure = event.getThrowable();
        boolean outage = DatabaseStatus.isOutage(failure);
        if (outage) {
            LOG.warning("request failed: database unavailable");
        } else {
            LOG.log(Level.SEVERE, "request failed", failure);
        }
        if (UI.getCurrent() == null) {
            return;
        }
        Notification notification = Notification.show(
                outage
                        ? "The database is unavailable right now (database unavailable). Try again in a moment."
                        : "Something went wrong; the error was logged on the server.",
                8000,
                Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        if (outage) {
            notification.setId("database-unavailable");
        }
    }
}
