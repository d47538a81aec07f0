/*
 * Teams and who is in them: create a team, list teams, add and remove members, list a team's members
 * and a person's teams. Permission checks (who may manage teams) belong to the caller, through the
 * security module; this service only keeps the data consistent.
 */
package ai.enclave.team.service;

import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.identity.domain.UserAccount;
import ai.enclave.team.domain.Team;
import ai.enclave.team.domain.TeamMembership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class TeamDirectory {

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected TeamDirectory() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public TeamDirectory(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * @throws TeamNameTakenException when a team of that name exists, ignoring case (checked here for a
     *     clear message; the unique index on lower(name) still guards against a simultaneous create)
     */
    public Team createTeam(String name, String description) {
        Team team = new Team(name, description, Timestamps.now(clock));
        boolean taken = entityManager
                        .createQuery("select count(t) from Team t where lower(t.name) = lower(:name)", Long.class)
                        .setParameter("name", team.getName())
                        .getSingleResult()
                > 0;
        if (taken) {
            throw new TeamNameTakenException(team.getName());
        }
        entityManager.persist(team);
        return team;
    }

    public Optional<Team> findTeam(long teamId) {
        return Optional.ofNullable(entityManager.find(Team.class, teamId));
    }

    /** All teams by name. */
    public List<Team> listTeams() {
        return entityManager
                .createQuery("select t from Team t order by lower(t.name)", Team.class)
                .getResultList();
    }

    /**
     * Makes the person a member of the team; a person already in it keeps their original membership.
     *
     * @throws NoSuchElementException when the team or the person (by OIDC subject) does not exist
     */
    public TeamMembership addMember(long teamId, String userSubject) {
        Team team = requireTeam(teamId);
        UserAccount user = requireUser(userSubject);
        Optional<TeamMembership> existing = membership(team, user);
        if (existing.isPresent()) {
            return existing.get();
        }
        TeamMembership membership = new TeamMembership(team, user, Timestamps.now(clock));
        entityManager.persist(membership);
        return membership;
    }

    /** @return whether the person was a member (and no longer is) */
    public boolean removeMember(long teamId, String userSubject) {
        Optional<TeamMembership> existing = membership(requireTeam(teamId), requireUser(userSubject));
        existing.ifPresent(entityManager::remove);
        return existing.isPresent();
    }

    /** The team's members by shown name. */
    public List<UserAccount> membersOf(long teamId) {
        return entityManager
                .createQuery("""
                        select m.user from TeamMembership m
                        where m.team.id = :teamId
                        order by lower(coalesce(m.user.displayName, m.user.username))
                        """, UserAccount.class)
                .setParameter("teamId", teamId)
                .getResultList();
    }

    /** The teams the person belongs to, by name. */
    public List<Team> teamsOf(String userSubject) {
        return entityManager
                .createQuery("""
                        select m.team from TeamMembership m
                        where m.user.subject = :subject
                        order by lower(m.team.name)
                        """, Team.class)
                .setParameter("subject", userSubject)
                .getResultList();
    }

    private Optional<TeamMembership> membership(Team team, UserAccount user) {
        return entityManager
                .createQuery(
                        "select m from TeamMembership m where m.team = :team and m.user = :user", TeamMembership.class)
                .setParameter("team", team)
                .setParameter("user", user)
                .getResultStream()
                .findFirst();
    }

    private Team requireTeam(long teamId) {
        return findTeam(teamId).orElseThrow(() -> new NoSuchElementException("no team with id " + teamId));
    }

    private UserAccount requireUser(String subject) {
        Objects.requireNonNull(subject, "userSubject is null");
        return entityManager
                .createNamedQuery(UserAccount.BY_SUBJECT, UserAccount.class)
                .setParameter("subject", subject)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no user with subject " + subject));
    }
}
