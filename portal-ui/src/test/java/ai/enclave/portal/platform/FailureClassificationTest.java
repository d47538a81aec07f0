package ai.enclave.portal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureClassificationTest {

    @Test
    void a_connection_class_sql_state_deep_in_the_causes_is_a_database_outage() {
        var failure = new RuntimeException(
                "transaction failed", new IllegalStateException(new SQLException("connection refused", "08001")));

        assertThat(DatabaseStatus.isOutage(failure)).isTrue();
    }

    @Test
    void a_constraint_violation_is_not_disguised_as_an_outage() {
        var failure = new RuntimeException(new SQLException("duplicate key", "23505"));

        assertThat(DatabaseStatus.isOutage(failure)).isFalse();
    }

    @Test
    void a_refused_connection_to_the_identity_provider_means_sign_in_is_unreachable() {
        var failure = new jakarta.ws.rs.ProcessingException(new ConnectException("Connection refused"));

        assertThat(SignInMechanismHandler.isUnreachable(failure)).isTrue();
        assertThat(SignInMechanismHandler.isUnreachable(new IllegalStateException("bad state")))
                .isFalse();
        assertThat(SignInMechanismHandler.isUnreachable(null)).isFalse();
    }
}
