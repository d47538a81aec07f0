/*
 * What the domain needs of encryption: sealing named fields of a JSON config before it is stored.
 * Implemented by security's ai.enclave.secrets.SecretCipher; declared here because security depends
 * on domain, not the other way round. Not a place for decryption: only workers decrypt.
 */
package ai.enclave.common;

import java.util.Collection;

public interface ConfigEncryption {

    /**
     * The config with each named top-level string field encrypted (fields already encrypted, absent or
     * not strings are left as they are).
     */
    String encryptFields(String configJson, Collection<String> fieldNames);
}
