/*
 * Who is using the portal right now, as the identity provider described them at sign-in, with their
 * portal roles already mapped. Views keep it in the session (hence Serializable); services take it as
 * the caller whose permissions they check. It holds no token and no password.
 */
package ai.enclave.security.domain;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * @param subject the OIDC "sub" claim
 * @param username the "preferred_username" claim
 * @param displayName the "name" claim, or {@code null}
 * @param email the "email" claim, or {@code null}
 * @param roles the portal roles, never empty (see {@link PortalRole#fromGroups})
 */
public record SignedInUser(String subject, String username, String displayName, String email, Set<PortalRole> roles)
        implements Serializable {

    public SignedInUser {
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(username, "username is null");
        Objects.requireNonNull(roles, "roles is null");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a signed-in user holds at least one role");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** The display name, or the username when there is none. */
    public String shownName() {
        return displayName != null && !displayName.isBlank() ? displayName : username;
    }

    /** The role ids ("admin", "employee", ...) in declaration order, as stored and audited. */
    public List<String> roleIds() {
        return roles.stream().map(PortalRole::id).toList();
    }

    public boolean hasRole(PortalRole role) {
        return roles.contains(role);
    }

    public boolean mayOpen(PortalArea area) {
        return area.isOpenTo(roles);
    }

    /** The areas to show in the navigation, in order. */
    public Set<PortalArea> openableAreas() {
        return PortalArea.openTo(roles);
    }
}
