/*
 * Plain JUnit for Team: names are trimmed and required, descriptions optional.
 */
package ai.enclave.team.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TeamTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void a_team_name_is_trimmed_and_a_blank_description_is_absent() {
        Team team = new Team("  Research ", " ", NOW);

        assertThat(team.getName()).isEqualTo("Research");
        assertThat(team.getDescription()).isNull();
        assertThat(team.getCreatedAt()).isEqualTo(NOW);
    }

    @Test
    void a_team_name_longer_than_the_column_is_refused() {
        assertThatThrownBy(() -> new Team("n".repeat(Team.NAME_LENGTH + 1), null, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name is 101 characters long, at most 100 allowed");
    }
}
