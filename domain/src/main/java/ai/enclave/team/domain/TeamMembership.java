/*
 * One person's membership of one team, and since when. Roles within a team (owner, member) are not
 * modelled yet: grants per team will decide what members may do.
 */
package ai.enclave.team.domain;

import ai.enclave.identity.domain.UserAccount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "team_members")
public class TeamMembership {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "team_id", nullable = false, updatable = false)
    private Team team;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    private UserAccount user;

    @NotNull
    @Column(name = "joined_at", nullable = false, updatable = false)
    private Instant joinedAt;

    /** For JPA only. */
    protected TeamMembership() {}

    public TeamMembership(Team team, UserAccount user, Instant joinedAt) {
        this.team = Objects.requireNonNull(team, "team is null");
        this.user = Objects.requireNonNull(user, "user is null");
        this.joinedAt = Objects.requireNonNull(joinedAt, "joinedAt is null");
    }

    public Long getId() {
        return id;
    }

    public Team getTeam() {
        return team;
    }

    public UserAccount getUser() {
        return user;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }
}
