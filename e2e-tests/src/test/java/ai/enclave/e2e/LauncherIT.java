package ai.enclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/** The launcher against the running stack: what ./enclave start, status and the network promise give. */
@Order(5)
@ExtendWith(EnclaveStack.class)
class LauncherIT {

    @Test
    void demo_walks_the_whole_path_prints_a_working_api_key_and_a_second_run_reuses_what_exists() throws Exception {
        String first = EnclaveStack.launcher(EnclaveStack.environment(), "demo", "--steps", "60");

        String key = lastLine(first).replaceFirst("^ENCLAVE_API_KEY=", "");
        assertThat(lastLine(first)).startsWith("ENCLAVE_API_KEY=ek-");
        assertThat(first).contains("Snapshot ").contains("Deployment 'demo' is ready");
        HttpResponse<String> models;
        try (HttpClient client = HttpClient.newHttpClient()) {
            models = client.send(
                    HttpRequest.newBuilder(URI.create(EnclaveStack.portalUrl() + "/v1/models"))
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"demo\"");

        String second = EnclaveStack.launcher(EnclaveStack.environment(), "demo");

        assertThat(second).contains("Reusing the model demo v1");
        assertThat(lastLine(second)).isEqualTo(lastLine(first));
    }

    private static String lastLine(String output) {
        return output.strip().lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void starting_again_says_enclave_is_already_running() throws Exception {
        String output = EnclaveStack.launcher(EnclaveStack.environment(), "start");

        assertThat(output).contains("already running").contains(EnclaveStack.portalUrl());
    }

    @Test
    void a_port_already_taken_is_named_with_the_setting_that_changes_it_before_anything_starts() throws Exception {
        Path otherData = Files.createTempDirectory("enclave-port-taken-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = new HashMap<>(EnclaveStack.environment());
            environment.put("ENCLAVE_DATA", otherData.toString());
            for (String setting :
                    new String[] {"ENCLAVE_POSTGRES_PORT", "ENCLAVE_KEYCLOAK_PORT", "ENCLAVE_KEYCLOAK_MANAGEMENT_PORT"
                    }) {
                environment.put(setting, Integer.toString(EnclaveStack.freePort()));
            }
            environment.put("ENCLAVE_PORTAL_PORT", Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(() -> EnclaveStack.launcher(environment, "start"))
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("ENCLAVE_PORTAL_PORT");
            assertThat(otherData.resolve("logs").resolve("postgres.log")).doesNotExist();
        } finally {
            EnclaveStack.deleteRecursively(otherData);
        }
    }

    @Test
    void status_json_reports_the_urls_the_data_directory_and_every_service_running() throws Exception {
        JsonNode status =
                new ObjectMapper().readTree(EnclaveStack.launcher(EnclaveStack.environment(), "status", "--json"));

        assertThat(status.get("portal_url").asText()).isEqualTo(EnclaveStack.portalUrl());
        assertThat(status.get("keycloak_url").asText()).isEqualTo(EnclaveStack.keycloakUrl());
        assertThat(status.get("data_dir").asText())
                .isEqualTo(EnclaveStack.dataDir().toString());
        for (String service : new String[] {"postgres", "keycloak", "portal"}) {
            assertThat(status.at("/services/" + service + "/state").asText())
                    .as(service)
                    .isEqualTo("running");
        }
    }

    @Test
    void logs_shows_the_named_services_log() throws Exception {
        String portalLog = EnclaveStack.launcher(EnclaveStack.environment(), "logs", "portal");

        assertThat(portalLog)
                .contains("==> " + EnclaveStack.dataDir().resolve("logs/portal.log") + " <==")
                .doesNotContain("keycloak.log");
        assertThat(portalLog.lines().count())
                .as("the header and the log's last lines")
                .isGreaterThan(1);
        assertThatThrownBy(() -> EnclaveStack.launcher(EnclaveStack.environment(), "logs", "no-such-service"))
                .hasMessageContaining("no-such-service");
    }

    @Test
    void the_first_admins_password_is_in_a_file_only_its_owner_can_read() throws Exception {
        var file = EnclaveStack.dataDir().resolve("initial-admin-password");

        assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void no_service_listens_outside_loopback_or_connects_to_an_outside_address() {
        SocketWatch watch = EnclaveStack.socketWatch();
        String portalPort =
                EnclaveStack.portalUrl().substring(EnclaveStack.portalUrl().lastIndexOf(':'));

        assertThat(watch.listeningAddresses()).as("the watch sees the stack").contains("127.0.0.1" + portalPort);
        assertThat(watch.socketsBoundOutsideLoopback()).isEmpty();
        assertThat(watch.outboundConnections()).isEmpty();
    }
}
