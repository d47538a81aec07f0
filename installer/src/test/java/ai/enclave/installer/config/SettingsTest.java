package ai.enclave.installer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void defaults_bind_to_loopback_with_the_documented_ports(@TempDir Path data) {
        Settings settings =
                Settings.load(Map.of("ENCLAVE_DATA", data.toString()), Path.of("/opt/enclave/installer/target"));

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.portalUrl()).isEqualTo("http://localhost:8080");
        assertThat(settings.keycloakUrl()).isEqualTo("http://localhost:8180");
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.externalDatabase()).isEmpty();
        assertThat(settings.externalOidc()).isEmpty();
        assertThat(settings.portalWar()).isEqualTo(Path.of("/opt/enclave/portal-ui/target/portal.war"));
    }

    @Test
    void the_environment_wins_over_enclave_conf(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("enclave.conf"), "ENCLAVE_PORTAL_PORT=9090\nENCLAVE_HOST=enclave.corp\n");

        Settings settings = Settings.load(
                Map.of("ENCLAVE_DATA", data.toString(), "ENCLAVE_PORTAL_PORT", "9191"), Path.of("/x/installer/target"));

        assertThat(settings.portalUrl()).isEqualTo("http://enclave.corp:9191");
    }

    @Test
    void an_external_identity_provider_needs_its_client_secret(@TempDir Path data) {
        Settings settings = Settings.load(
                Map.of(
                        "ENCLAVE_DATA", data.toString(),
                        "ENCLAVE_OIDC_ISSUER", "https://sso.corp/realms/x",
                        "ENCLAVE_OIDC_CLIENT_ID", "enclave"),
                Path.of("/x/installer/target"));

        assertThatThrownBy(settings::externalOidc).hasMessageContaining("ENCLAVE_OIDC_CLIENT_SECRET");
    }

    @Test
    void a_port_that_is_not_a_number_is_named(@TempDir Path data) {
        Settings settings = Settings.load(
                Map.of("ENCLAVE_DATA", data.toString(), "ENCLAVE_KEYCLOAK_PORT", "eighty"),
                Path.of("/x/installer/target"));

        assertThatThrownBy(settings::keycloakPort).hasMessageContaining("ENCLAVE_KEYCLOAK_PORT");
    }
}
