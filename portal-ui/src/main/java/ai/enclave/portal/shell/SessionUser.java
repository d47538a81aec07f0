package ai.enclave.portal.shell;

import ai.enclave.security.domain.SignedInUser;
import com.vaadin.flow.server.VaadinSession;

/**
 * Keeps the signed-in person in the Vaadin session. Captured once at sign-in because push and
 * background updates run outside any HTTP request, where the container can no longer be asked.
 */
public final class SessionUser {

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

    private SessionUser() {}
}
