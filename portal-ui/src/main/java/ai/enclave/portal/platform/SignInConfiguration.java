package ai.enclave.portal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * Sign-in through the company's identity provider (Keycloak by default) with the standard Jakarta
 * Security OpenID Connect mechanism (authorization code flow). The realm roles arrive in the
 * {@code groups} claim, which {@code PortalRole.fromGroups} maps to portal roles at sign-in.
 *
 * <p>{@link SignInFilter} starts the sign-in for every page; the provider sends the browser back to
 * {@code /oidc/callback}, which returns it to the portal. Sign-out is {@link SignOutServlet}, which
 * also ends the identity provider's session.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${portalSettings.oidcProviderUri}",
        clientId = "${portalSettings.oidcClientId}",
        clientSecret = "${portalSettings.oidcClientSecret}",
        redirectURI = "${baseURL}/oidc/callback",
        redirectToOriginalResource = false,
        scope = {"openid", "profile", "email"},
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
public class SignInConfiguration {}
