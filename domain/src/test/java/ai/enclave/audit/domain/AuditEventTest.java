/*
 * Plain JUnit for AuditEvent: what an entry keeps and what it refuses. AuditLogIT stores them.
 */
package ai.enclave.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void an_event_keeps_who_did_what_to_what_and_how_it_ended() {
        AuditEvent event =
                new AuditEvent(NOW, "sub-1", "open-area", "area:admin", "roles [employee]", AuditOutcome.DENIED);

        assertThat(event.getOccurredAt()).isEqualTo(NOW);
        assertThat(event.getActorSubject()).isEqualTo("sub-1");
        assertThat(event.getAction()).isEqualTo("open-area");
        assertThat(event.getTarget()).isEqualTo("area:admin");
        assertThat(event.getDetail()).isEqualTo("roles [employee]");
        assertThat(event.getOutcome()).isEqualTo(AuditOutcome.DENIED);
    }

    @Test
    void an_overlong_detail_is_cut_so_auditing_never_fails_the_action() {
        AuditEvent event = new AuditEvent(
                NOW, "sub-1", "import", null, "y".repeat(AuditEvent.DETAIL_LENGTH * 2), AuditOutcome.FAILURE);

        assertThat(event.getDetail()).hasSize(AuditEvent.DETAIL_LENGTH).endsWith("…");
    }

    @Test
    void an_event_without_actor_or_action_is_refused() {
        assertThatThrownBy(() -> new AuditEvent(NOW, "", "sign-in", null, null, AuditOutcome.SUCCESS))
                .hasMessage("actorSubject is blank");
        assertThatThrownBy(() -> new AuditEvent(NOW, "sub-1", null, null, null, AuditOutcome.SUCCESS))
                .hasMessage("action is null");
    }
}
