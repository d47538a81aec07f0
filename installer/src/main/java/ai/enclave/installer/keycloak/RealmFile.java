package ai.enclave.installer.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the realm {@code enclave} that Keycloak imports at its first start, from the template
 * enclave-realm.json: the four portal roles, the {@code enclave-portal} client with its {@code groups}
 * mapper, and the first admin with a temporary password. Seed users (test installations) are appended
 * and given the realm's default roles, which Keycloak's import does not grant by itself.
 */
public final class RealmFile {

    private static final String TEMPLATE = "enclave-realm.json";
    private static final String DEFAULT_ROLES = "default-roles-enclave";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealmFile() {}

    /**
     * @param portalUrl e.g. http://localhost:8080 (redirect URIs, web origins, post-logout redirects)
     * @param clientSecret the secret of the enclave-portal client
     * @param adminPassword the temporary password of the first admin
     * @param seedUsers a {"users":[...]} file in Keycloak's user representation, or empty
     */
    public static String render(String portalUrl, String clientSecret, String adminPassword, Optional<Path> seedUsers) {
        try (InputStream template = RealmFile.class.getResourceAsStream(TEMPLATE)) {
            // The placeholders only ever receive URLs and generated alphanumeric secrets, and the
            // result is parsed as JSON right away, so a malformed value cannot slip through.
            String text = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${portalUrl}", portalUrl)
                    .replace("${clientSecret}", clientSecret)
                    .replace("${adminPassword}", adminPassword);
            ObjectNode realm = (ObjectNode) JSON.readTree(text);
            if (seedUsers.isPresent()) {
                addSeedUsers(
                        (ArrayNode) realm.get("users"),
                        JSON.readTree(seedUsers.get().toFile()));
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(realm);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the realm file: " + e.getMessage(), e);
        }
    }

    private static void addSeedUsers(ArrayNode users, JsonNode seed) {
        JsonNode seedUsers = seed.get("users");
        if (seedUsers == null || !seedUsers.isArray()) {
            throw new IllegalStateException(
                    "ENCLAVE_KEYCLOAK_SEED_USERS must name a file of the form {\"users\": [...]}");
        }
        for (JsonNode user : seedUsers) {
            ObjectNode copy = user.deepCopy();
            ArrayNode roles = copy.has("realmRoles") ? (ArrayNode) copy.get("realmRoles") : copy.putArray("realmRoles");
            if (!roles.toString().contains("\"" + DEFAULT_ROLES + "\"")) {
                roles.add(DEFAULT_ROLES);
            }
            users.add(copy);
        }
    }
}
