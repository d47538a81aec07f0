/*
 * ApiKeys against a real PostgreSQL 18: an issued secret authenticates its owner and notes the use,
 * only its SHA-256 and a short prefix are stored, a revoked or unknown secret authenticates no one,
 * and nobody revokes another person's key.
 */
package ai.enclave.apikey.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.apikey.domain.ApiKey;
import ai.enclave.testsupport.MigratedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeysIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void an_issued_secret_authenticates_its_owner_and_notes_the_use() {
        ApiKeys.IssuedKey issued = keys(k -> k.issue("sub-ada", "laptop"));

        Optional<String> owner = keys(k -> k.authenticate(issued.secret()));

        assertThat(issued.secret()).matches("ek-[0-9A-Za-z]{40}");
        assertThat(owner).contains("sub-ada");
        List<ApiKey> adas = keys(k -> k.of("sub-ada"));
        assertThat(adas).singleElement().satisfies(key -> {
            assertThat(key.getName()).isEqualTo("laptop");
            assertThat(key.getPrefix()).isEqualTo(issued.secret().substring(0, 10));
            assertThat(key.getLastUsedAt()).isNotNull();
        });
    }

    @Test
    void only_a_hash_of_the_secret_is_stored() throws SQLException {
        ApiKeys.IssuedKey issued = keys(k -> k.issue("sub-bob", "ci"));

        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("select prefix, secret_sha256 from api_keys where id = ?")) {
            s.setLong(1, issued.key().getId());
            try (ResultSet row = s.executeQuery()) {
                row.next();
                assertThat(row.getString("secret_sha256"))
                        .isEqualTo(ApiKeys.sha256Hex(issued.secret()))
                        .doesNotContain(issued.secret().substring(3));
                assertThat(row.getString("prefix")).hasSize(10);
            }
        }
    }

    @Test
    void a_revoked_or_unknown_secret_authenticates_no_one() {
        ApiKeys.IssuedKey issued = keys(k -> k.issue("sub-cy", "old"));
        database.inTransaction(em -> {
            new ApiKeys(em, Clock.systemUTC()).revoke(issued.key().getId(), "sub-cy");
            return null;
        });

        Optional<String> revoked = keys(k -> k.authenticate(issued.secret()));
        Optional<String> unknown = keys(k -> k.authenticate("ek-" + "x".repeat(40)));
        Optional<String> other = keys(k -> k.authenticate("Bearer something"));

        assertThat(revoked).isEmpty();
        assertThat(unknown).isEmpty();
        assertThat(other).isEmpty();
        List<ApiKey> cys = keys(k -> k.of("sub-cy"));
        assertThat(cys)
                .singleElement()
                .satisfies(key -> assertThat(key.isRevoked()).isTrue());
    }

    @Test
    void nobody_revokes_another_persons_key() {
        ApiKeys.IssuedKey issued = keys(k -> k.issue("sub-dee", "mine"));

        assertThatThrownBy(() -> database.inTransaction(em -> {
                    new ApiKeys(em, Clock.systemUTC()).revoke(issued.key().getId(), "sub-mallory");
                    return null;
                }))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no API key with id " + issued.key().getId());
        Optional<String> owner = keys(k -> k.authenticate(issued.secret()));
        assertThat(owner).contains("sub-dee");
    }

    @Test
    void two_issued_secrets_differ() {
        String a = keys(k -> k.issue("sub-eve", "a")).secret();
        String b = keys(k -> k.issue("sub-eve", "b")).secret();

        assertThat(a).isNotEqualTo(b);
    }

    private static <T> T keys(Function<ApiKeys, T> work) {
        return database.inTransaction(em -> work.apply(new ApiKeys(em, Clock.systemUTC())));
    }
}
