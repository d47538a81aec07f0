/*
 * Plain JUnit for the UserAccount entity: what a first and a repeated sign-in do to the mirrored
 * profile. No database; UserDirectoryIT covers the same through PostgreSQL.
 */
package ai.enclave.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserAccountTest {

    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");

    @Test
    void a_new_account_was_first_and_last_seen_at_its_first_sign_in() {
        UserAccount account =
                new UserAccount("sub-1", "ada", "Ada Lovelace", "ada@example.com", List.of("employee"), MONDAY);

        assertThat(account.getFirstSeenAt()).isEqualTo(MONDAY);
        assertThat(account.getLastSeenAt()).isEqualTo(MONDAY);
        assertThat(account.getRoles()).containsExactly("employee");
        assertThat(account.getShownName()).isEqualTo("Ada Lovelace");
    }

    @Test
    void signing_in_again_refreshes_profile_and_last_seen_but_keeps_first_seen() {
        UserAccount account = new UserAccount("sub-1", "ada", "Ada", null, List.of("employee"), MONDAY);

        account.signedInAgain("ada.l", "Ada Lovelace", "ada@example.com", List.of("admin", "employee"), TUESDAY);

        assertThat(account.getFirstSeenAt()).isEqualTo(MONDAY);
        assertThat(account.getLastSeenAt()).isEqualTo(TUESDAY);
        assertThat(account.getUsername()).isEqualTo("ada.l");
        assertThat(account.getEmail()).isEqualTo("ada@example.com");
        assertThat(account.getRoles()).containsExactly("admin", "employee");
    }

    @Test
    void roles_the_identity_provider_no_longer_sends_are_dropped() {
        UserAccount account = new UserAccount("sub-1", "ada", null, null, List.of("admin", "employee"), MONDAY);

        account.signedInAgain("ada", null, null, List.of("employee"), TUESDAY);

        assertThat(account.getRoles()).containsExactly("employee");
    }

    @Test
    void a_clock_stepped_backwards_does_not_move_last_seen_into_the_past() {
        UserAccount account = new UserAccount("sub-1", "ada", null, null, List.of(), TUESDAY);

        account.signedInAgain("ada", null, null, List.of(), MONDAY);

        assertThat(account.getLastSeenAt()).isEqualTo(TUESDAY);
    }

    @Test
    void blank_display_name_and_email_are_stored_as_absent_and_the_username_is_shown() {
        UserAccount account = new UserAccount("sub-1", "ada", "  ", "", List.of(), MONDAY);

        assertThat(account.getDisplayName()).isNull();
        assertThat(account.getEmail()).isNull();
        assertThat(account.getShownName()).isEqualTo("ada");
    }

    @Test
    void an_overlong_display_name_is_cut_instead_of_refusing_the_sign_in() {
        String longName = "x".repeat(UserAccount.DISPLAY_NAME_LENGTH + 50);

        UserAccount account = new UserAccount("sub-1", "ada", longName, null, List.of(), MONDAY);

        assertThat(account.getDisplayName())
                .hasSize(UserAccount.DISPLAY_NAME_LENGTH)
                .endsWith("…");
    }

    @Test
    void an_account_without_subject_or_username_is_refused_with_the_field_named() {
        assertThatThrownBy(() -> new UserAccount(" ", "ada", null, null, List.of(), MONDAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subject is blank");
        assertThatThrownBy(() -> new UserAccount("sub-1", null, null, null, List.of(), MONDAY))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("username is null");
    }

    @Test
    void an_email_longer_than_the_column_is_refused() {
        String email = "a".repeat(UserAccount.EMAIL_LENGTH) + "@example.com";

        assertThatThrownBy(() -> new UserAccount("sub-1", "ada", null, email, List.of(), MONDAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email is " + email.length() + " characters long");
    }

    @Test
    void accounts_with_the_same_subject_are_the_same_person() {
        UserAccount first = new UserAccount("sub-1", "ada", null, null, List.of(), MONDAY);
        UserAccount renamed = new UserAccount("sub-1", "ada.l", null, null, List.of(), TUESDAY);
        UserAccount other = new UserAccount("sub-2", "ada", null, null, List.of(), MONDAY);

        assertThat(first).isEqualTo(renamed).hasSameHashCodeAs(renamed).isNotEqualTo(other);
    }
}
