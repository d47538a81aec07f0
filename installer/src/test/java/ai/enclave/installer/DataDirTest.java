/*
 * The data directory's secrets key file: made once at the first start (32 random bytes, base64, mode
 * 600) and the same file, unchanged, at every later start.
 */
package ai.enclave.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path root;

    @Test
    void the_secrets_key_file_is_created_once_private_and_kept_across_starts() throws Exception {
        DataDir data = new DataDir(root.resolve("data"));
        data.create();

        Path keyFile = data.createSecretsKeyOnce();
        String first = Files.readString(keyFile);
        Path again = data.createSecretsKeyOnce();

        assertThat(keyFile).isEqualTo(root.resolve("data/portal/secrets.key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(first).endsWith("\n").hasLineCount(1);
        assertThat(Base64.getDecoder().decode(first.strip())).hasSize(32);
        assertThat(again).isEqualTo(keyFile);
        assertThat(Files.readString(keyFile)).isEqualTo(first);
    }

    @Test
    void two_installations_get_different_keys() throws Exception {
        DataDir one = new DataDir(root.resolve("one"));
        DataDir two = new DataDir(root.resolve("two"));
        one.create();
        two.create();

        assertThat(Files.readString(one.createSecretsKeyOnce()))
                .isNotEqualTo(Files.readString(two.createSecretsKeyOnce()));
    }
}
