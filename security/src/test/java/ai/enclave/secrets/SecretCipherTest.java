/*
 * SecretCipher with real key files in a temporary directory: round trips, fresh nonces, tampered
 * values and wrong keys refused without showing the value, and key files that are missing or too
 * short named in the error.
 */
package ai.enclave.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    @Test
    void an_encrypted_value_decrypts_to_the_original_text() throws Exception {
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile("secrets.key", 32));

        String encrypted = cipher.encrypt(PASSWORD);

        assertThat(encrypted).startsWith("enc:v1:").doesNotContain(PASSWORD);
        assertThat(SecretCipher.isEncrypted(encrypted)).isTrue();
        assertThat(cipher.decrypt(encrypted)).isEqualTo(PASSWORD);
        assertThat(cipher.decrypt(cipher.encrypt("päßwörd ✓"))).isEqualTo("päßwörd ✓");
    }

    @Test
    void encrypting_the_same_text_twice_gives_two_different_values() throws Exception {
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile("secrets.key", 32));

        String first = cipher.encrypt(PASSWORD);
        String second = cipher.encrypt(PASSWORD);

        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo(cipher.decrypt(second));
    }

    @Test
    void a_value_without_the_prefix_is_returned_unchanged() throws Exception {
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile("secrets.key", 32));

        assertThat(cipher.decrypt("plain")).isEqualTo("plain");
        assertThat(SecretCipher.isEncrypted("plain")).isFalse();
        assertThat(SecretCipher.isEncrypted(null)).isFalse();
    }

    @Test
    void a_tampered_value_is_refused_without_showing_it() throws Exception {
        Path keyFile = keyFile("secrets.key", 32);
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile);
        String encrypted = cipher.encrypt(PASSWORD);
        byte[] bytes = Base64.getDecoder().decode(encrypted.substring(SecretCipher.PREFIX.length()));
        bytes[bytes.length / 2] ^= 1;
        String tampered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> cipher.decrypt(tampered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it was changed, or encrypted with another installation's key")
                .hasMessageContaining(keyFile.toString())
                .message()
                .doesNotContain(PASSWORD)
                .doesNotContain(tampered.substring(SecretCipher.PREFIX.length()));
    }

    @Test
    void a_value_encrypted_with_another_key_is_refused_without_showing_it() throws Exception {
        String encrypted = SecretCipher.fromKeyFile(keyFile("ours.key", 32)).encrypt(PASSWORD);
        SecretCipher other = SecretCipher.fromKeyFile(keyFile("theirs.key", 32));

        assertThatThrownBy(() -> other.decrypt(encrypted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be decrypted with the key in " + dir.resolve("theirs.key"))
                .message()
                .doesNotContain(PASSWORD)
                .doesNotContain(encrypted.substring(SecretCipher.PREFIX.length()));
    }

    @Test
    void a_missing_key_file_is_named() {
        Path missing = dir.resolve("no-such.key");

        assertThatThrownBy(() -> SecretCipher.fromKeyFile(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The secrets key file " + missing
                        + " does not exist; the launcher creates it at the first start (./enclave start)");
    }

    @Test
    void a_key_file_that_is_too_short_or_not_base64_is_named() throws Exception {
        Path shortKey = keyFile("short.key", 16);
        Path notBase64 = Files.writeString(dir.resolve("text.key"), "not a key!\n");

        assertThatThrownBy(() -> SecretCipher.fromKeyFile(shortKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The secrets key file " + shortKey + " holds 16 bytes; it must hold 32 (base64, one line)");
        assertThatThrownBy(() -> SecretCipher.fromKeyFile(notBase64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The secrets key file " + notBase64 + " does not hold base64 text");
    }

    @Test
    void only_the_named_fields_of_a_config_are_encrypted_and_only_once() throws Exception {
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile("secrets.key", 32));
        String config = """
                {"url": "jdbc:postgresql://db:5432/support", "user": "reader", "password": "%s", "fetchSize": 500}
                """.formatted(PASSWORD);

        String once = cipher.encryptFields(config, List.of("password", "token"));
        String twice = cipher.encryptFields(once, List.of("password", "token"));

        ObjectNode stored = Json.object(once, "config");
        assertThat(stored.path("password").asText()).startsWith("enc:v1:");
        assertThat(once).doesNotContain(PASSWORD);
        assertThat(stored.path("url").asText()).isEqualTo("jdbc:postgresql://db:5432/support");
        assertThat(stored.path("user").asText()).isEqualTo("reader");
        assertThat(stored.path("fetchSize").asInt()).isEqualTo(500);
        assertThat(stored.has("token")).isFalse();
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void decrypting_a_config_decrypts_every_encrypted_string_at_any_depth() throws Exception {
        SecretCipher cipher = SecretCipher.fromKeyFile(keyFile("secrets.key", 32));
        String config = """
                {"token": "%s", "nested": {"password": "%s", "list": ["%s", "plain"]}, "n": 3}
                """.formatted(cipher.encrypt("t0ken"), cipher.encrypt(PASSWORD), cipher.encrypt("in a list"));

        ObjectNode plain = Json.object(cipher.decryptAll(config), "config");

        assertThat(plain.path("token").asText()).isEqualTo("t0ken");
        assertThat(plain.path("nested").path("password").asText()).isEqualTo(PASSWORD);
        assertThat(plain.path("nested").path("list").get(0).asText()).isEqualTo("in a list");
        assertThat(plain.path("nested").path("list").get(1).asText()).isEqualTo("plain");
        assertThat(plain.path("n").asInt()).isEqualTo(3);
    }

    private Path keyFile(String name, int bytes) throws Exception {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key) + "\n");
    }
}
