package ai.enclave.installer.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every setting the launcher reads, from environment variables and from {@code <data>/enclave.conf}
 * (a properties file with the same keys; the environment wins). installer/README.md documents each key;
 * keep the two in step.
 *
 * <p>An external database (ENCLAVE_DB_URL) or identity provider (ENCLAVE_OIDC_ISSUER) replaces the
 * embedded one; this class only answers which, the services decide what to start.
 */
public final class Settings {

    private final Map<String, String> values;
    private final Path dataDir;
    private final Path launcherHome;

    private Settings(Map<String, String> values, Path dataDir, Path launcherHome) {
        this.values = values;
        this.dataDir = dataDir;
        this.launcherHome = launcherHome;
    }

    /**
     * @param environment usually System.getenv()
     * @param launcherHome the directory holding the launcher jar and runtime/ (installer/target)
     */
    public static Settings load(Map<String, String> environment, Path launcherHome) {
        Path dataDir = Path.of(environment.getOrDefault("ENCLAVE_DATA", "data"))
                .toAbsolutePath()
                .normalize();
        Map<String, String> values = new HashMap<>();
        Path confFile = dataDir.resolve("enclave.conf");
        if (Files.exists(confFile)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(confFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + confFile, e);
            }
            properties
                    .stringPropertyNames()
                    .forEach(key -> values.put(key, properties.getProperty(key).strip()));
        }
        environment.forEach((key, value) -> {
            if (key.startsWith("ENCLAVE_")) {
                values.put(key, value);
            }
        });
        return new Settings(values, dataDir, launcherHome.toAbsolutePath().normalize());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** installer/target in a checkout: holds enclave-launcher.jar and runtime/ (Keycloak, Payara Micro). */
    public Path launcherHome() {
        return launcherHome;
    }

    /** The host name people and services use in URLs. */
    public String host() {
        return text("ENCLAVE_HOST", "localhost");
    }

    /** The address every embedded service listens on. */
    public String bindAddress() {
        return text("ENCLAVE_BIND", "127.0.0.1");
    }

    /** The address the launcher connects to when checking a service: loopback when bound to all. */
    public String probeAddress() {
        String bind = bindAddress();
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }

    public int portalPort() {
        return number("ENCLAVE_PORTAL_PORT", 8080);
    }

    public int keycloakPort() {
        return number("ENCLAVE_KEYCLOAK_PORT", 8180);
    }

    public int keycloakManagementPort() {
        return number("ENCLAVE_KEYCLOAK_MANAGEMENT_PORT", 8181);
    }

    public int postgresPort() {
        return number("ENCLAVE_POSTGRES_PORT", 15432);
    }

    public String portalUrl() {
        return "http://" + host() + ":" + portalPort();
    }

    public String keycloakUrl() {
        return "http://" + host() + ":" + keycloakPort();
    }

    /** The portal's own database when it is external (then embedded PostgreSQL serves only Keycloak, if at all). */
    public Optional<Database> externalDatabase() {
        return database("ENCLAVE_DB");
    }

    /** Keycloak's database when it is not the embedded PostgreSQL. */
    public Optional<Database> externalKeycloakDatabase() {
        return database("ENCLAVE_KEYCLOAK_DB");
    }

    /** The identity provider when it is not the embedded Keycloak. */
    public Optional<Oidc> externalOidc() {
        Optional<String> issuer = optional("ENCLAVE_OIDC_ISSUER");
        return issuer.map(
                url -> new Oidc(url, required("ENCLAVE_OIDC_CLIENT_ID"), required("ENCLAVE_OIDC_CLIENT_SECRET")));
    }

    /** A {"users":[...]} file merged into the realm at its first import (test installations only). */
    public Optional<Path> keycloakSeedUsers() {
        return optional("ENCLAVE_KEYCLOAK_SEED_USERS").map(Path::of);
    }

    /** The portal WAR; in a checkout portal-ui/target/portal.war beside installer/. */
    public Path portalWar() {
        return optional("ENCLAVE_PORTAL_WAR")
                .map(Path::of)
                .orElse(launcherHome.getParent().getParent().resolve("portal-ui/target/portal.war"));
    }

    /** The worker jar the portal starts workers from; in a checkout worker/target/, its lib/ beside it. */
    public Path workerJar() {
        return optional("ENCLAVE_WORKER_JAR")
                .map(Path::of)
                .orElse(launcherHome.getParent().getParent().resolve("worker/target/enclave-worker.jar"));
    }

    /** What one device-hour costs, in the company's currency, for the training form's estimate. */
    public double pricePerDeviceHour() {
        String value = text("ENCLAVE_PRICE_PER_DEVICE_HOUR", "0");
        try {
            double price = Double.parseDouble(value);
            if (price < 0 || !Double.isFinite(price)) throw new NumberFormatException();
            return price;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "ENCLAVE_PRICE_PER_DEVICE_HOUR must be a non-negative number, not '" + value + "'");
        }
    }

    /** How long each service may take to become ready. */
    public Duration startTimeout() {
        return Duration.ofSeconds(number("ENCLAVE_START_TIMEOUT", 300));
    }

    public Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private String text(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    private String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException(key + " must be set"));
    }

    private int number(String key, int fallback) {
        String value = text(key, Integer.toString(fallback));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a number, not '" + value + "'");
        }
    }

    private Optional<Database> database(String prefix) {
        return optional(prefix + "_URL")
                .map(url -> new Database(url, required(prefix + "_USER"), required(prefix + "_PASSWORD")));
    }

    /** A JDBC URL with its credentials. */
    public record Database(String jdbcUrl, String user, String password) {}

    /** An OpenID Connect provider as the portal sees it. */
    public record Oidc(String issuer, String clientId, String clientSecret) {}
}
