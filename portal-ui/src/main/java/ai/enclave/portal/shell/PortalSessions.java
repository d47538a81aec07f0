package ai.enclave.portal.shell;

import ai.enclave.portal.platform.DatabaseStatus;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.security.service.AccessGuard;
import ai.enclave.security.service.SignInRecorder;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires every browser session to the platform: at its first request the signed-in person is read
 * from the identity provider's claims, kept in the session, mirrored into the user directory and
 * audited; every UI gets the page-access check; every session gets the one error handler that
 * logs and shows a notification instead of a stack trace.
 */
@ApplicationScoped
public class PortalSessions {

    private static final Logger LOG = Logger.getLogger(PortalSessions.class.getName());

    @Inject
    OpenIdContext openIdContext;

    @Inject
    SignInRecorder signIns;

    @Inject
    AccessGuard accessGuard;

    void onServiceInit(@Observes ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> signIn(e.getSession(), e.getRequest()));
        event.getSource().addUIInitListener(e -> e.getUI().addBeforeEnterListener(new ViewAccess(accessGuard)));
    }

    private void signIn(VaadinSession session, VaadinRequest request) {
        session.setErrorHandler(PortalSessions::showError);
        IdentityClaims claims = IdentityClaims.of(openIdContext, request.getUserPrincipal());
        SignedInUser user;
        try {
            user = signIns.signedIn(
                    claims.subject(), claims.username(), claims.displayName(), claims.email(), claims.groups());
        } catch (RuntimeException e) {
            if (!DatabaseStatus.isOutage(e)) {
                throw e;
            }
            // Pages that need no database still work; the next session records the sign-in.
            LOG.warning("sign-in of " + claims.username() + " not recorded: database unavailable");
            user = claims.toUser();
        }
        SessionUser.store(session, user);
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
        Span message = new Span(
                outage
                        ? "Database unavailable: Enclave cannot reach its database right now. Try again in a moment."
                        : "Something went wrong; the error was logged on the server.");
        if (outage) {
            message.setId("database-unavailable");
        }
        Notification notification = new Notification(message);
        notification.setDuration(8000);
        notification.setPosition(Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.open();
    }
}
