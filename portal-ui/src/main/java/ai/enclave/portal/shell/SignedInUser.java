package ai.enclave.portal.shell;

import com.vaadin.flow.server.VaadinSession;
import java.util.Objects;
import java.util.Set;

/**
 * Who is using this browser session, captured once at sign-in from the identity provider's claims
 * and the container's roles. Kept in the Vaadin session because push and background updates run
 * outside any HTTP request, where the container can no longer be asked.
 */
public record SignedInUser(String subject, String username, String displayName, String email, Set<String> roles) {

    public SignedInUser {
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(username, "username is null");
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The user of the current Vaadin session; every session gets one at its first request. */
    public static SignedInUser current() {
        SignedInUser user = VaadinSession.getCurrent().getAttribute(SignedInUser.class);
        if (user == null) {
            throw new IllegalStateException("no signed-in user in this Vaadin session");
        }
        return user;
    }

    static void store(VaadinSession session, SignedInUser user) {
        session.setAttribute(SignedInUser.class, user);
    }
}
