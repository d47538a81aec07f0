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
 * <p>Not a place for defaults that hide a misconfiguration: every value is required, except the
 * price per device-hour, which is 0 (costs not shown as money) until the company sets one.
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

    @Inject
    @ConfigProperty(name = "enclave.db.url")
    String dbUrl; // e.g. jdbc:postgresql://127.0.0.1:5432/enclave

    @Inject
    @ConfigProperty(name = "enclave.db.user")
    String dbUser;

    @Inject
    @ConfigProperty(name = "enclave.db.password")
    String dbPassword;

    @Inject
    @ConfigProperty(name = "enclave.worker.java")
    String workerJava; // e.g. /opt/enclave/jdk/bin/java

    @Inject
    @ConfigProperty(name = "enclave.worker.classpath")
    String workerClasspath; // e.g. /opt/enclave/worker/enclave-worker.jar:/opt/enclave/worker/lib/*

    @Inject
    @ConfigProperty(name = "enclave.artifacts-dir")
    String artifactsDir; // e.g. /var/lib/enclave/artifacts

    @Inject
    @ConfigProperty(name = "enclave.logs-dir")
    String logsDir; // e.g. /var/lib/enclave/logs

    @Inject
    @ConfigProperty(name = "enclave.secrets-key-file")
    String secretsKeyFile; // e.g. /var/lib/enclave/portal/secrets.key

    @Inject
    @ConfigProperty(name = "enclave.compute.price-per-device-hour", defaultValue = "0")
    double pricePerDeviceHour; // e.g. 2.5, in the company's currency

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

    public String getDbUrl() {
        return dbUrl;
    }

    public String getDbUser() {
        return dbUser;
    }

    public String getDbPassword() {
        return dbPassword;
    }

    /** The java binary worker processes run on. */
    public String getWorkerJava() {
        return workerJava;
    }

    /** The worker's classpath: its jar and its libraries, separated by ':'. */
    public String getWorkerClasspath() {
        return workerClasspath;
    }

    /** Where tokenizers, snapshots, checkpoints and models are written. */
    public String getArtifactsDir() {
        return artifactsDir;
    }

    /** Where each worker process writes its log ({@code worker-job-<id>.log}). */
    public String getLogsDir() {
        return logsDir;
    }

    /**
     * The key file source secrets are encrypted with (created by the launcher); the portal encrypts
     * with it and hands its path to every worker, which decrypts.
     */
    public String getSecretsKeyFile() {
        return secretsKeyFile;
    }

    /** What one device (a GPU, or the whole CPU) costs per hour; 0 when no price was set. */
    public double getPricePerDeviceHour() {
        return pricePerDeviceHour;
    }
}
