/*
 * The portal's SecretCipher, from the key file the launcher names (enclave.secrets-key-file), for
 * DataCatalog to encrypt source secrets with. The file is read at the first use, not at deployment, so
 * a missing or broken key file fails adding a source with a password (naming the file) and nothing
 * else. Not a decryptor for the portal: workers decrypt; the portal never needs a plain secret back.
 */
package ai.enclave.portal.platform;

import ai.enclave.secrets.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;

@ApplicationScoped
public class SecretCipherProducer {

    @Inject
    PortalSettings settings;

    private SecretCipher cipher;

    /**
     * Dependent, because SecretCipher is final and a normal scope would need a proxy; the one instance
     * read from the file is kept here.
     */
    @Produces
    @Dependent
    synchronized SecretCipher secretCipher() {
        if (cipher == null) {
            cipher = SecretCipher.fromKeyFile(Path.of(settings.getSecretsKeyFile()));
        }
        return cipher;
    }
}
