package ai.enclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.installer.DataDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An installation pointed at the company's own PostgreSQL and identity provider starts only the
 * portal. The shared stack's database and Keycloak stand in for the company's.
 */
@Order(4)
@ExtendWith(EnclaveStack.class)
class ExternalServicesIT {

    @Test
    void with_an_external_database_and_identity_provider_only_the_portal_starts_and_it_uses_them() throws Exception {
        DataDir shared = new DataDir(EnclaveStack.dataDir());
        Path data = Files.createTempDirectory("enclave-external-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        int portalPort = EnclaveStack.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("ENCLAVE_DATA", data.toString());
        environment.put("ENCLAVE_PORTAL_PORT", Integer.toString(portalPort));
        environment.put(
                "ENCLAVE_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + EnclaveStack.environment().get("ENCLAVE_POSTGRES_PORT") + "/enclave");
        environment.put("ENCLAVE_DB_USER", "enclave");
        environment.put("ENCLAVE_DB_PASSWORD", shared.databasePassword("enclave"));
        environment.put("ENCLAVE_OIDC_ISSUER", EnclaveStack.keycloakUrl() + "/realms/enclave");
        environment.put("ENCLAVE_OIDC_CLIENT_ID", "enclave-portal");
        environment.put("ENCLAVE_OIDC_CLIENT_SECRET", shared.portalClientSecret());
        try {
            String started = EnclaveStack.launcher(environment, "start");
            JsonNode status = new ObjectMapper().readTree(EnclaveStack.launcher(environment, "status", "--json"));

            assertThat(started)
                    .contains("Starting portal")
                    .doesNotContain("Starting postgres")
                    .doesNotContain("Starting keycloak");
            assertThat(status.at("/services/portal/state").asText()).isEqualTo("running");
            assertThat(status.at("/services/postgres/state").asText()).isEqualTo("external");
            assertThat(status.at("/services/keycloak/state").asText()).isEqualTo("external");
            assertThat(health(portalPort)).contains("\"database\":\"UP\"");
            assertThat(redirectOfAPage(portalPort)).startsWith(EnclaveStack.keycloakUrl() + "/realms/enclave/");
        } finally {
            EnclaveStack.launcher(environment, "stop");
            EnclaveStack.keepLogs(data, "external-");
            EnclaveStack.deleteRecursively(data);
        }
    }

    private static String health(int port) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    /** Where the portal sends a browser that is not signed in: the external provider's sign-in. */
    private static String redirectOfAPage(int port) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .headers()
                    .firstValue("Location")
                    .orElse("(no redirect)");
        }
    }
}
