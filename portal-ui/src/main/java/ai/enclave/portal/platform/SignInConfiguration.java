package ai.enclave.portal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * Sign-in through the company's identity provider (Keycloak by default) with the standard Jakarta
 * Security OpenID Connect mechanism (authorization code flow). The realm roles arrive in the
 * {@code groups} claim, which {@code PortalRole.fromGroups} maps to portal roles at sign-in.
 *
 * <p>The callback lands on {@code /oidc/callback}, then the browser goes back to the page it asked
 * for. Sign-out is {@link SignOutServlet}, which also ends the identity provider's session.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${portalSettings.oidcProviderUri}",
        clientId = "${portalSettings.oidcClientId}",
        clientSecret = "${portalSettings.oidcClientSecret}",
        redirectURI = "${portalSettings.portalUrl}/oidc/callback",
        redirectToOriginalResource = true,
        scope = {"openid", "profile", "email"},
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
public class SignInConfiguration {}
