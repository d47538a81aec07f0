package ai.enclave.portal.platform;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * Sign-in through the company's identity provider (Keycloak by default) with the standard Jakarta
 * Security OpenID Connect mechanism: authorization code flow, the realm roles arriving as the
 * {@code groups} claim and becoming container roles of the same names.
 *
 * <p>The callback lands on {@code /oidc/callback}, then the browser goes back to the page it asked
 * for. Sign-out is {@link SignOutServlet}, which also ends the identity provider's session.
 */
@ApplicationScoped
@DeclareRoles({"admin", "data-steward", "ml-engineer", "employee"})
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${portalSettings.oidcProviderUri}",
        clientId = "${portalSettings.oidcClientId}",
        clientSecret = "${portalSettings.oidcClientSecret}",
        redirectURI = "${portalSettings.portalUrl}/oidc/callback",
        redirectToOriginalResource = true,
        scope = {"openid", "profile", "email"},
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
public class SignInConfiguration {}
