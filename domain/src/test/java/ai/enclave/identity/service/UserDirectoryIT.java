/*
 * UserDirectory against a real PostgreSQL 18 with the production schema and persistence unit: people
 * mirrored at sign-in, found by subject, refreshed on later sign-ins, listed by last seen.
 */
package ai.enclave.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.identity.domain.UserAccount;
import ai.enclave.testsupport.MigratedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserDirectoryIT {

    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00.123456Z");
    private static final Instant TUESDAY = Instant.parse("2026-03-03T17:30:00Z");

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void a_user_mirrored_at_sign_in_is_found_by_subject() {
        signIn("sub-ada", "ada", "Ada Lovelace", "ada@example.com", List.of("admin", "employee"), MONDAY);

        UserAccount found = findBySubject("sub-ada").orElseThrow();

        assertThat(found.getId()).isNotNull();
        assertThat(found.getUsername()).isEqualTo("ada");
        assertThat(found.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(found.getEmail()).isEqualTo("ada@example.com");
        assertThat(found.getRoles()).containsExactly("admin", "employee");
        assertThat(found.getFirstSeenAt()).isEqualTo(MONDAY);
        assertThat(found.getLastSeenAt()).isEqualTo(MONDAY);
    }

    @Test
    void a_second_sign_in_updates_last_seen_and_profile_but_not_first_seen() {
        signIn("sub-grace", "grace", "Grace", null, List.of("employee"), MONDAY);
        signIn("sub-grace", "grace.h", "Grace Hopper", "grace@example.com", List.of("ml-engineer"), TUESDAY);

        UserAccount found = findBySubject("sub-grace").orElseThrow();

        assertThat(found.getFirstSeenAt()).isEqualTo(MONDAY);
        assertThat(found.getLastSeenAt()).isEqualTo(TUESDAY);
        assertThat(found.getUsername()).isEqualTo("grace.h");
        assertThat(found.getDisplayName()).isEqualTo("Grace Hopper");
        assertThat(found.getRoles()).containsExactly("ml-engineer");
    }

    @Test
    void a_subject_that_never_signed_in_is_not_found() {
        assertThat(findBySubject("sub-nobody")).isEmpty();
    }

    @Test
    void users_are_listed_most_recently_seen_first_a_page_at_a_time() {
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        signIn("sub-list-1", "list1", null, null, List.of("employee"), base.plusSeconds(1));
        signIn("sub-list-2", "list2", null, null, List.of("employee"), base.plusSeconds(3));
        signIn("sub-list-3", "list3", null, null, List.of("employee"), base.plusSeconds(2));

        List<UserAccount> firstPage =
                database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC()).listUsers(0, 2));
        List<UserAccount> secondPage =
                database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC()).listUsers(2, 1));
        long count = database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC()).countUsers());

        assertThat(firstPage).extracting(UserAccount::getSubject).containsExactly("sub-list-2", "sub-list-3");
        assertThat(secondPage).extracting(UserAccount::getSubject).containsExactly("sub-list-1");
        assertThat(count).isGreaterThanOrEqualTo(3);
    }

    @Test
    void two_simultaneous_first_sign_ins_of_one_person_create_one_account() throws Exception {
        int signIns = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UserAccount>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(signIns)) {
            for (int i = 0; i < signIns; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return signIn("sub-twin", "twin", null, null, List.of("employee"), MONDAY);
                }));
            }
            start.countDown();
            for (Future<UserAccount> result : results) {
                result.get();
            }
        }

        long accounts = database.inTransaction(
                em -> em.createQuery("select count(u) from UserAccount u where u.subject = 'sub-twin'", Long.class)
                        .getSingleResult());
        assertThat(accounts).isEqualTo(1);
    }

    private static UserAccount signIn(
            String subject, String username, String displayName, String email, List<String> roles, Instant at) {
        return database.inTransaction(em -> new UserDirectory(em, Clock.fixed(at, ZoneOffset.UTC))
                .recordSignIn(subject, username, displayName, email, roles));
    }

    private static Optional<UserAccount> findBySubject(String subject) {
        return database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC()).findBySubject(subject));
    }
}
