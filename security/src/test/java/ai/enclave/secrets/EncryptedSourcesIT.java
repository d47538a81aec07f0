/*
 * DataCatalog with the real SecretCipher against a real PostgreSQL 18: a jdbc source's password and a
 * git source's token reach the data_sources row encrypted (read back with plain JDBC, past the
 * entities), the other fields in clear, and the stored value decrypts to what was typed. Here rather
 * than in domain's DataCatalogIT because the cipher lives in this module, which depends on domain.
 */
package ai.enclave.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.common.Json;
import ai.enclave.data.domain.DataSourceRecord;
import ai.enclave.data.service.DataCatalog;
import ai.enclave.testsupport.MigratedDatabase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EncryptedSourcesIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path dir;

    private static SecretCipher cipher;

    @BeforeAll
    static void writeKeyFile() throws Exception {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.writeString(
                dir.resolve("secrets.key"), Base64.getEncoder().encodeToString(key));
        cipher = SecretCipher.fromKeyFile(keyFile);
    }

    @Test
    void a_jdbc_source_stores_its_password_encrypted_and_the_other_fields_in_clear() throws Exception {
        String config = """
                {"url": "jdbc:postgresql://db.internal:5432/support", "user": "enclave_reader",
                 "password": "Tr0ub4dor&3", "table": "public.tickets", "textColumns": ["subject", "body"],
                 "idColumn": "id", "updatedAtColumn": "updated_at"}
                """;
        DataSourceRecord source = database.inTransaction(
                em -> new DataCatalog(em, Clock.systemUTC(), cipher).addSource("Tickets", "jdbc", config, "sub-ada"));

        String stored = rawConfig(source.getId());

        assertThat(stored).doesNotContain("Tr0ub4dor&3");
        ObjectNode row = Json.object(stored, "config");
        assertThat(row.path("password").asText()).startsWith(SecretCipher.PREFIX);
        assertThat(cipher.decrypt(row.path("password").asText())).isEqualTo("Tr0ub4dor&3");
        assertThat(row.path("url").asText()).isEqualTo("jdbc:postgresql://db.internal:5432/support");
        assertThat(row.path("user").asText()).isEqualTo("enclave_reader");
        assertThat(row.path("table").asText()).isEqualTo("public.tickets");
        assertThat(row.path("textColumns").get(1).asText()).isEqualTo("body");
        assertThat(row.path("idColumn").asText()).isEqualTo("id");
    }

    @Test
    void a_git_source_stores_its_token_encrypted_and_the_pipeline_spec_carries_it_encrypted() throws Exception {
        String config = """
                {"repository": "https://git.internal/platform/api.git", "ref": "main", "token": "glpat-s3cr3t"}
                """;
        DataSourceRecord source = database.inTransaction(
                em -> new DataCatalog(em, Clock.systemUTC(), cipher).addSource("API", "git", config, "sub-ada"));
        String spec = database.inTransaction(em -> new DataCatalog(em, Clock.systemUTC(), cipher)
                .runPipeline(source.getId(), 512, 0.1, "sub-ada")
                .getJob()
                .getSpec());

        ObjectNode row = Json.object(rawConfig(source.getId()), "config");

        assertThat(row.path("token").asText()).startsWith(SecretCipher.PREFIX);
        assertThat(cipher.decrypt(row.path("token").asText())).isEqualTo("glpat-s3cr3t");
        assertThat(row.path("repository").asText()).isEqualTo("https://git.internal/platform/api.git");
        assertThat(spec).doesNotContain("glpat-s3cr3t").contains(SecretCipher.PREFIX);
    }

    private static String rawConfig(long sourceId) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("select config from data_sources where id = ?")) {
            s.setLong(1, sourceId);
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString("config");
            }
        }
    }
}
