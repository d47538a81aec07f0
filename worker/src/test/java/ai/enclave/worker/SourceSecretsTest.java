/*
 * The worker's decrypt step with a real key file: a stored config's encrypted password becomes the
 * plain value the connector reads, a config without secrets passes without any key, and encrypted
 * values without a key file fail naming the variable, not the value.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.secrets.SecretCipher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void a_stored_config_is_handed_to_the_connector_with_its_password_in_clear() throws Exception {
        Path keyFile = keyFile();
        String stored = SecretCipher.fromKeyFile(keyFile).encryptFields("""
                {"url": "jdbc:postgresql://db.internal/support", "user": "reader", "password": "Tr0ub4dor&3"}
                """, List.of("password"));
        JsonNode storedConfig = JSON.readTree(stored);

        JsonNode plain = SourceSecrets.decrypted(storedConfig, keyFile);

        assertThat(plain.path("password").asText()).isEqualTo("Tr0ub4dor&3");
        assertThat(plain.path("user").asText()).isEqualTo("reader");
        assertThat(storedConfig.path("password").asText()).startsWith(SecretCipher.PREFIX);
    }

    @Test
    void a_config_without_secrets_needs_no_key_file() throws Exception {
        JsonNode config = JSON.readTree("{\"root\": \"/srv/share\", \"include\": [\"**/*.md\"]}");

        assertThat(SourceSecrets.decrypted(config, null)).isSameAs(config);
    }

    @Test
    void encrypted_values_without_a_key_file_fail_naming_the_variable_and_not_the_value() throws Exception {
        String encrypted = SecretCipher.fromKeyFile(keyFile()).encrypt("glpat-s3cr3t");
        JsonNode config =
                JSON.readTree("{\"repository\": \"https://git.internal/a.git\", \"token\": \"" + encrypted + "\"}");

        assertThatThrownBy(() -> SourceSecrets.decrypted(config, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the source config holds encrypted values but ENCLAVE_SECRETS_KEY_FILE names no key"
                        + " file to decrypt them");
    }

    private Path keyFile() throws Exception {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Files.writeString(dir.resolve("secrets.key"), Base64.getEncoder().encodeToString(key));
    }
}
