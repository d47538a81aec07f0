/*
 * Thrown when a signed-in user asks for an area their roles do not open. The portal turns it into the
 * "not allowed" page with HTTP status 403.
 */
package ai.enclave.security.domain;

public class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PortalArea area;

    public AccessDeniedException(SignedInUser user, PortalArea area) {
        super(user.username() + " (roles " + user.roleIds() + ") may not open " + area.id());
        this.area = area;
    }

    public PortalArea area() {
        return area;
    }
}
