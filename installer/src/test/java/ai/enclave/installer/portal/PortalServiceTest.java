/*
 * What the launcher hands the portal in portal.properties, read back the way MicroProfile Config's
 * properties source reads it; here the secrets key file, which the portal passes on to its workers.
 */
package ai.enclave.installer.portal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.installer.DataDir;
import ai.enclave.installer.config.Settings;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortalServiceTest {

    @TempDir
    Path data;

    @Test
    void the_portal_is_told_where_the_secrets_key_file_is() throws Exception {
        Settings settings = Settings.load(Map.of("ENCLAVE_DATA", data.toString()), Path.of("/opt/enclave/installer"));
        DataDir dataDir = new DataDir(data);
        PortalService portal = new PortalService(
                settings,
                dataDir,
                () -> new Settings.Database("jdbc:postgresql://127.0.0.1:15432/enclave", "enclave", "db-secret"),
                () -> new Settings.Oidc("http://localhost:8180/realms/enclave", "enclave-portal", "client-secret"));

        Properties properties = new Properties();
        properties.load(new StringReader(portal.portalProperties()));

        assertThat(properties.getProperty("enclave.secrets-key-file"))
                .isEqualTo(data.resolve("portal/secrets.key").toString())
                .isEqualTo(dataDir.secretsKeyFile().toString());
    }
}
