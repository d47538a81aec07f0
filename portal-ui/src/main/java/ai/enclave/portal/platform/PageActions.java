package ai.enclave.portal.platform;

import ai.enclave.security.domain.AccessDeniedException;
import ai.enclave.security.domain.PortalArea;
import ai.enclave.security.domain.SignedInUser;
import ai.enclave.security.service.AccessGuard;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Objects;

/**
 * Runs what a button asks for on the server, after checking again that the user's roles open the
 * page's area: a hidden or disabled button is not a permission check. A refusal the user can act on
 * (bad input, an empty snapshot, a model too large) is shown as a notification with the service's
 * own message and nothing else happens; any other failure goes on to the session's error handler.
 */
public final class PageActions {

    private final AccessGuard guard;
    private final PortalArea area;
    private final List<Class<? extends RuntimeException>> refusals;

    /**
     * @param refusals the exceptions whose message is meant for the user; {@link IllegalArgumentException}
     *     (bad input) and Bean Validation's refusal always count
     */
    @SafeVarargs
    public PageActions(AccessGuard guard, PortalArea area, Class<? extends RuntimeException>... refusals) {
        this.guard = Objects.requireNonNull(guard, "guard is null");
        this.area = Objects.requireNonNull(area, "area is null");
        this.refusals = List.of(refusals);
    }

    /**
     * Runs {@code action} when {@code user} may act in this area.
     *
     * @return whether the action ran to its end; on false the user has been told why
     */
    public boolean run(SignedInUser user, Runnable action) {
        try {
            guard.requireAccess(user, area);
            action.run();
            return true;
        } catch (AccessDeniedException e) {
            problem("Not allowed: your roles do not open " + area.id() + ".");
        } catch (ConstraintViolationException e) {
            problem(e.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted()
                    .reduce((a, b) -> a + "; " + b)
                    .orElse(e.getMessage()));
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalArgumentException) && refusals.stream().noneMatch(r -> r.isInstance(e))) {
                throw e;
            }
            problem(e.getMessage());
        }
        return false;
    }

    /** A short confirmation in the page's corner. */
    public static void done(String message) {
        Notification notification = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** A message the user has to read: stays until closed or 10 seconds pass. */
    public static void problem(String message) {
        Notification notification = new Notification(message, 10000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("action-problem");
        notification.open();
    }
}
