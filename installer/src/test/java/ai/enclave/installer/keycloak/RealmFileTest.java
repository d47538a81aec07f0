package ai.enclave.installer.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_portal_client_sends_realm_roles_as_groups_and_redirects_only_to_the_portal() throws Exception {
        JsonNode realm = JSON.readTree(RealmFile.render("http://portal:8080", "s3cret", "temp", Optional.empty()));

        JsonNode client = realm.at("/clients/0");
        assertThat(client.get("clientId").asText()).isEqualTo("enclave-portal");
        assertThat(client.get("secret").asText()).isEqualTo("s3cret");
        assertThat(client.get("publicClient").asBoolean()).isFalse();
        assertThat(client.at("/redirectUris/0").asText()).isEqualTo("http://portal:8080/*");
        assertThat(client.at("/protocolMappers/0/config/claim.name").asText()).isEqualTo("groups");
    }

    @Test
    void the_first_admin_has_the_admin_role_and_a_temporary_password() throws Exception {
        JsonNode realm = JSON.readTree(RealmFile.render("http://portal:8080", "s", "first-pass", Optional.empty()));

        JsonNode admin = realm.at("/users/0");
        assertThat(admin.get("username").asText()).isEqualTo("admin");
        assertThat(admin.get("realmRoles").toString()).contains("\"admin\"");
        assertThat(admin.at("/credentials/0/value").asText()).isEqualTo("first-pass");
        assertThat(admin.at("/credentials/0/temporary").asBoolean()).isTrue();
    }

    @Test
    void seed_users_are_added_with_the_default_roles_that_make_them_employees(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("users.json");
        Files.writeString(seed, """
                {"users": [{"username": "carol", "realmRoles": ["ml-engineer"]}, {"username": "dave"}]}
                """);

        JsonNode users = JSON.readTree(RealmFile.render("http://p", "s", "a", Optional.of(seed)))
                .get("users");

        assertThat(users).hasSize(3);
        assertThat(users.get(1).get("realmRoles").toString()).contains("ml-engineer", "default-roles-enclave");
        assertThat(users.get(2).get("realmRoles").toString()).contains("default-roles-enclave");
    }
}
