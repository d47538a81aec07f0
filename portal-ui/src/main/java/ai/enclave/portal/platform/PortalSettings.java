package ai.enclave.portal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings the launcher hands the portal (a system-properties file, read through MicroProfile
 * Config, so environment variables work too). Named, because the OpenID Connect annotation reads
 * its provider and client through expressions on this bean.
 *
 * <p>Not a place for defaults that hide a misconfiguration: every value is required.
 */
@ApplicationScoped
@Named("portalSettings")
public class PortalSettings {

    @Inject
    @ConfigProperty(name = "enclave.oidc.provider-uri")
    String oidcProviderUri; // e.g. http://localhost:8180/realms/enclave

    @Inject
    @ConfigProperty(name = "enclave.oidc.client-id")
    String oidcClientId; // e.g. enclave-portal

    @Inject
    @ConfigProperty(name = "enclave.oidc.client-secret")
    String oidcClientSecret;

    @Inject
    @ConfigProperty(name = "enclave.portal.url")
    String portalUrl; // e.g. http://localhost:8080

    public String getOidcProviderUri() {
        return oidcProviderUri;
    }

    public String getOidcClientId() {
        return oidcClientId;
    }

    public String getOidcClientSecret() {
        return oidcClientSecret;
    }

    /** The public base URL without a trailing slash; OIDC redirects are built on it. */
    public String getPortalUrl() {
        return portalUrl.endsWith("/") ? portalUrl.substring(0, portalUrl.length() - 1) : portalUrl;
    }
}
