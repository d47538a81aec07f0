package ai.enclave.portal.shell;

import ai.enclave.security.domain.PortalRole;
import ai.enclave.security.domain.SignedInUser;
import jakarta.security.enterprise.identitystore.openid.OpenIdClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import java.security.Principal;
import java.util.List;

/**
 * What the identity provider said about the person signed in to this HTTP session: the claims the
 * portal uses, read once from the OpenID Connect context.
 *
 * @param groups the values of the {@code groups} claim (Keycloak realm roles); empty when absent
 */
record IdentityClaims(String subject, String username, String displayName, String email, List<String> groups) {

    private static final String GROUPS_CLAIM = "groups";

    static IdentityClaims of(OpenIdContext context, Principal principal) {
        OpenIdClaims claims = context.getClaims();
        String username = claims.getPreferredUsername().orElse(principal.getName());
        return new IdentityClaims(
                context.getSubject(),
                username,
                claims.getName().orElse(null),
                claims.getEmail().orElse(null),
                claims.getArrayStringClaim(GROUPS_CLAIM));
    }

    /** The user with their portal roles, without recording anything. */
    SignedInUser toUser() {
        return new SignedInUser(subject, username, displayName, email, PortalRole.fromGroups(groups));
    }
}
