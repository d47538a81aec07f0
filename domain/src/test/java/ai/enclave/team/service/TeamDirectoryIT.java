/*
 * TeamDirectory against a real PostgreSQL 18: teams with unique names, members added once, listed
 * both ways, and removed.
 */
package ai.enclave.team.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.identity.domain.UserAccount;
import ai.enclave.identity.service.UserDirectory;
import ai.enclave.team.domain.Team;
import ai.enclave.testsupport.MigratedDatabase;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TeamDirectoryIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @BeforeAll
    static void threePeopleSignedIn() {
        for (String name : List.of("ada", "bob", "cy")) {
            database.inTransaction(em -> new UserDirectory(em, Clock.systemUTC())
                    .recordSignIn("sub-" + name, name, null, null, List.of("employee")));
        }
    }

    @Test
    void a_team_name_is_taken_whatever_its_case() {
        teams(directory -> directory.createTeam("Research", "Foundation models"));

        assertThatThrownBy(() -> teams(directory -> directory.createTeam("research", null)))
                .isInstanceOf(TeamNameTakenException.class)
                .hasMessage("a team named \"research\" already exists");
        List<Team> all = teams(TeamDirectory::listTeams);
        assertThat(all).extracting(Team::getName).containsOnlyOnce("Research");
    }

    @Test
    void members_are_added_once_and_listed_from_both_sides() {
        long teamId = teams(directory -> directory.createTeam("Support", null)).getId();

        teams(directory -> directory.addMember(teamId, "sub-bob"));
        teams(directory -> directory.addMember(teamId, "sub-ada"));
        teams(directory -> directory.addMember(teamId, "sub-ada"));

        List<UserAccount> members = teams(directory -> directory.membersOf(teamId));
        List<Team> adasTeams = teams(directory -> directory.teamsOf("sub-ada"));

        assertThat(members).extracting(UserAccount::getUsername).containsExactly("ada", "bob");
        assertThat(adasTeams).extracting(Team::getName).containsExactly("Support");
    }

    @Test
    void a_removed_member_is_no_longer_listed() {
        long teamId = teams(directory -> directory.createTeam("Legal", null)).getId();
        teams(directory -> directory.addMember(teamId, "sub-cy"));

        boolean removed = teams(directory -> directory.removeMember(teamId, "sub-cy"));
        boolean removedAgain = teams(directory -> directory.removeMember(teamId, "sub-cy"));
        List<UserAccount> members = teams(directory -> directory.membersOf(teamId));

        assertThat(removed).isTrue();
        assertThat(removedAgain).isFalse();
        assertThat(members).isEmpty();
    }

    @Test
    void adding_someone_who_never_signed_in_names_the_missing_subject() {
        long teamId = teams(directory -> directory.createTeam("Finance", null)).getId();

        assertThatThrownBy(() -> teams(directory -> directory.addMember(teamId, "sub-ghost")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no user with subject sub-ghost");
    }

    private static <T> T teams(Function<TeamDirectory, T> work) {
        return database.inTransaction((EntityManager em) -> work.apply(new TeamDirectory(em, Clock.systemUTC())));
    }
}
