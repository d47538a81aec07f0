/*
 * The worker's side of source secrets: a stored source config carries its password or token
 * encrypted ("enc:v1:..."); this turns it into the plain config a connector reads, with the key file
 * the portal names in ENCLAVE_SECRETS_KEY_FILE. Called just before a connector gets the config, so the
 * plaintext lives only in memory: never in the job's spec, result, log or the snapshot's manifest.
 * A config without encrypted values needs no key file.
 */
package ai.enclave.worker;

import ai.enclave.secrets.SecretCipher;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

public final class SourceSecrets {

    /** The environment variable the portal's WorkerLauncher sets to its secrets key file. */
    public static final String KEY_FILE_ENV = "ENCLAVE_SECRETS_KEY_FILE";

    private SourceSecrets() {}

    /** The key file this process was given, or null when none was. */
    public static Path keyFileFromEnvironment() {
        String value = System.getenv(KEY_FILE_ENV);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /**
     * A copy of {@code config} with every encrypted value decrypted; {@code config} itself when it holds
     * none.
     *
     * @param keyFile the secrets key file, or null when there is none
     * @throws IllegalStateException when the config holds encrypted values and there is no (usable) key
     *     file; the message names the file or the variable, never a value
     * @throws IllegalArgumentException when a value was changed or encrypted with another key
     */
    public static JsonNode decrypted(JsonNode config, Path keyFile) {
        if (!holdsEncrypted(config)) {
            return config;
        }
        if (keyFile == null) {
            throw new IllegalStateException("the source config holds encrypted values but " + KEY_FILE_ENV
                    + " names no key file to decrypt them");
        }
        return SecretCipher.fromKeyFile(keyFile).decryptTree(config);
    }

    private static boolean holdsEncrypted(JsonNode node) {
        if (node.isTextual()) {
            return SecretCipher.isEncrypted(node.asText());
        }
        for (JsonNode child : node) {
            if (holdsEncrypted(child)) {
                return true;
            }
        }
        return false;
    }
}
