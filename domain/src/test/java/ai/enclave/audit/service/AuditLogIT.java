/*
 * AuditLog against a real PostgreSQL 18: events are stored and read back newest first, and the table
 * refuses to change or lose a stored event.
 */
package ai.enclave.audit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.audit.domain.AuditEvent;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.testsupport.MigratedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogIT {

    private static final Instant MORNING = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void audit_events_are_stored_and_read_back_newest_first() {
        record(MORNING, "sub-ada", "sign-in", "user:ada", "roles [admin]", AuditOutcome.SUCCESS);
        record(NOON, "sub-ada", "open-area", "area:data", null, AuditOutcome.DENIED);
        record(NOON, "sub-bob", "sign-in", "user:bob", null, AuditOutcome.SUCCESS);

        List<AuditEvent> ada = database.inTransaction(em -> new AuditLog(em, Clock.systemUTC()).byActor("sub-ada", 10));

        assertThat(ada).hasSize(2);
        AuditEvent newest = ada.getFirst();
        assertThat(newest.getId()).isNotNull();
        assertThat(newest.getOccurredAt()).isEqualTo(NOON);
        assertThat(newest.getAction()).isEqualTo("open-area");
        assertThat(newest.getTarget()).isEqualTo("area:data");
        assertThat(newest.getDetail()).isNull();
        assertThat(newest.getOutcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(ada.get(1).getDetail()).isEqualTo("roles [admin]");

        List<AuditEvent> recent = database.inTransaction(em -> new AuditLog(em, Clock.systemUTC()).recent(2));
        assertThat(recent).extracting(AuditEvent::getOccurredAt).containsOnly(NOON);
    }

    @Test
    void a_stored_event_can_be_neither_changed_nor_deleted() throws SQLException {
        record(MORNING, "sub-eve", "sign-in", null, null, AuditOutcome.SUCCESS);

        try (Connection connection = database.connect()) {
            assertThatThrownBy(() -> connection
                            .createStatement()
                            .executeUpdate(
                                    "update audit_events set outcome = 'DENIED' where actor_subject = 'sub-eve'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> connection
                            .createStatement()
                            .executeUpdate("delete from audit_events where actor_subject = 'sub-eve'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        List<AuditEvent> stored =
                database.inTransaction(em -> new AuditLog(em, Clock.systemUTC()).byActor("sub-eve", 10));
        assertThat(stored).singleElement().extracting(AuditEvent::getOutcome).isEqualTo(AuditOutcome.SUCCESS);
    }

    private static void record(
            Instant at, String actor, String action, String target, String detail, AuditOutcome outcome) {
        database.inTransaction(
                em -> new AuditLog(em, Clock.fixed(at, ZoneOffset.UTC)).record(actor, action, target, detail, outcome));
    }
}
