package ai.enclave.installer.keycloak;

import ai.enclave.installer.DataDir;
import ai.enclave.installer.DetachedService;
import ai.enclave.installer.Versions;
import ai.enclave.installer.config.Settings;
import ai.enclave.installer.config.Settings.Database;
import ai.enclave.installer.os.Archives;
import ai.enclave.installer.os.Commands;
import ai.enclave.installer.os.Ports;
import ai.enclave.installer.os.Secrets;
import ai.enclave.installer.os.ServiceUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keycloak from its Quarkus distribution (the zip the build copies into installer/target/runtime),
 * unpacked into {@code <data>/runtime}, built once for PostgreSQL ({@code kc.sh build}) so every start
 * is {@code start --optimized}, and started with the realm {@code enclave} imported on first start.
 *
 * <p>Secrets reach Keycloak through environment variables, never its command line (visible in ps).
 * Keycloak keeps its data in the database it is given; the unpacked distribution holds nothing that
 * a fresh unpack could not rebuild.
 */
public final class KeycloakService extends DetachedService {

    /** Options baked in by kc.sh build; a change triggers a rebuild. cache=local: no cluster discovery. */
    private static final List<String> BUILD_OPTIONS =
            List.of("--db=postgres", "--health-enabled=true", "--cache=local");

    private static final String MASTER_ADMIN = "keycloak-admin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final DataDir data;
    private final Supplier<Database> database;
    private final ServiceUser serviceUser = ServiceUser.forCurrentProcess();
    private final Path home;

    /** @param database where Keycloak keeps its realms and users (asked for only when starting) */
    public KeycloakService(Settings settings, DataDir data, Supplier<Database> database) {
        super("keycloak", data);
        this.settings = settings;
        this.data = data;
        this.database = database;
        this.home = data.runtime("keycloak-" + Versions.KEYCLOAK);
    }

    /** The issuer the portal trusts: the realm enclave on the public host name. */
    public String issuer() {
        return settings.keycloakUrl() + "/realms/enclave";
    }

    @Override
    public void checkPortsFree() {
        Ports.requireFree(settings.bindAddress(), settings.keycloakPort(), "Keycloak", "ENCLAVE_KEYCLOAK_PORT");
        Ports.requireFree(
                settings.bindAddress(),
                settings.keycloakManagementPort(),
                "Keycloak's management interface",
                "ENCLAVE_KEYCLOAK_MANAGEMENT_PORT");
    }

    @Override
    public void start(Duration timeout) {
        Archives.unpackZipOnce(
                settings.launcherHome().resolve("runtime/keycloak-quarkus-dist-" + Versions.KEYCLOAK + ".zip"),
                home,
                true);
        boolean firstStart = !Files.exists(importedMarker());
        if (firstStart) {
            writeRealmImport();
        }
        // Keycloak writes into its home: the build into lib/quarkus, transaction logs and temp files
        // into data/.
        serviceUser.handOver(home);
        buildOnce();
        startAndAwaitHttpOk(
                "Keycloak",
                serviceUser.wrap(
                        List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized", "--import-realm")),
                home,
                environment(),
                "http://" + settings.probeAddress() + ":" + settings.keycloakManagementPort() + "/health/ready",
                timeout);
        if (firstStart) {
            // The realm is in the database now; the import file holds the admin's temporary password
            // and the client secret, so it does not stay around.
            deleteRealmImport();
            Secrets.writePrivate(importedMarker(), "realm enclave imported\n");
        }
    }

    @Override
    public String address() {
        return settings.keycloakUrl();
    }

    /**
     * The id (the OIDC "sub" claim) of a user of the realm enclave, asked of Keycloak's admin API as
     * its master administrator; empty when no such user exists.
     */
    public Optional<String> subjectOf(String username) {
        String base = "http://" + settings.probeAddress() + ":" + settings.keycloakPort();
        try (HttpClient client = HttpClient.newHttpClient()) {
            String form = "grant_type=password&client_id=admin-cli&username=" + MASTER_ADMIN + "&password="
                    + URLEncoder.encode(data.secret("keycloak-master-admin-password"), StandardCharsets.UTF_8);
            HttpResponse<String> token = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused its administrator (HTTP " + token.statusCode() + ")");
            }
            String accessToken =
                    JSON.readTree(token.body()).path("access_token").asText();
            HttpResponse<String> users = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/admin/realms/enclave/users?exact=true&username="
                                    + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                            .header("Authorization", "Bearer " + accessToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (users.statusCode() != 200) {
                throw new IllegalStateException("Keycloak's user list answered HTTP " + users.statusCode());
            }
            JsonNode found = JSON.readTree(users.body());
            return found.isArray() && !found.isEmpty()
                    ? Optional.of(found.get(0).path("id").asText())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot ask Keycloak for the user " + username + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Keycloak for the user " + username, e);
        }
    }

    private void buildOnce() {
        Path marker = home.resolve(".enclave-build-options");
        String wanted = String.join(" ", BUILD_OPTIONS);
        try {
            if (Files.exists(marker) && Files.readString(marker).strip().equals(wanted)) {
                return;
            }
            List<String> command =
                    new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(BUILD_OPTIONS);
            Commands.runOrFail(serviceUser.wrap(command), home, baseEnvironment());
            Files.writeString(marker, wanted + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record Keycloak's build in " + marker, e);
        }
    }

    private void writeRealmImport() {
        String adminPassword = readOrCreateInitialAdminPassword();
        Path file = home.resolve("data/import/enclave-realm.json");
        Secrets.writePrivate(
                file,
                RealmFile.render(
                        settings.portalUrl(), data.portalClientSecret(), adminPassword, settings.keycloakSeedUsers()));
    }

    private void deleteRealmImport() {
        try {
            Files.deleteIfExists(home.resolve("data/import/enclave-realm.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readOrCreateInitialAdminPassword() {
        return Secrets.readOrCreate(data.initialAdminPasswordFile());
    }

    private Path importedMarker() {
        return data.serviceDir(name()).resolve("realm-imported");
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("HOME", data.serviceDir(name()).toString());
        // Keycloak on Java 25 needs java.lang opened; IPv4 keeps it on the configured loopback address.
        // Liquibase, which Keycloak runs on its schema at every start, otherwise phones home for its
        // usage analytics (a lookup of config.liquibase.com, caught by e2e-tests' AirGappedIT).
        environment.put(
                "JAVA_OPTS_APPEND",
                "--add-opens=java.base/java.lang=ALL-UNNAMED -Djava.net.preferIPv4Stack=true"
                        + " -Dliquibase.analytics.enabled=false");
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        return environment;
    }

    private Map<String, String> environment() {
        Map<String, String> environment = baseEnvironment();
        Database db = database.get();
        environment.put("KC_DB_URL", db.jdbcUrl());
        environment.put("KC_DB_USERNAME", db.user());
        environment.put("KC_DB_PASSWORD", db.password());
        // cache=local is a runtime option as well: without it Keycloak starts a JGroups cluster that
        // listens on every interface and looks for peers.
        environment.put("KC_CACHE", "local");
        environment.put("KC_HTTP_ENABLED", "true");
        environment.put("KC_HTTP_HOST", settings.bindAddress());
        environment.put("KC_HTTP_PORT", Integer.toString(settings.keycloakPort()));
        environment.put("KC_HTTP_MANAGEMENT_PORT", Integer.toString(settings.keycloakManagementPort()));
        environment.put("KC_HOSTNAME", settings.keycloakUrl());
        environment.put("KC_LOG_CONSOLE_COLOR", "false");
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", MASTER_ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", data.secret("keycloak-master-admin-password"));
        return environment;
    }
}
