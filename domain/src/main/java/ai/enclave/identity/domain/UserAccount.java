/*
 * A person who signed in to the portal, mirrored from the identity provider (Keycloak) at every
 * sign-in: who they are (the OIDC subject), how they are shown, which portal roles they held last
 * time, and when they were first and last seen. Keycloak stays the authority on identity and roles;
 * this row is a copy the portal can list, join to teams and name in the audit log.
 */
package ai.enclave.identity.domain;

import ai.enclave.common.Text;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hibernate.annotations.BatchSize;

@Entity
@Table(name = "users")
@NamedQuery(name = UserAccount.BY_SUBJECT, query = "select u from UserAccount u where u.subject = :subject")
public class UserAccount {

    /** Named query finding the account of one OIDC subject; parameter {@code subject}. */
    public static final String BY_SUBJECT = "UserAccount.bySubject";

    public static final int SUBJECT_LENGTH = 255;
    public static final int USERNAME_LENGTH = 255;
    public static final int DISPLAY_NAME_LENGTH = 255;
    /** RFC 5321 allows 64 characters before the @ and 255 after it. */
    public static final int EMAIL_LENGTH = 320;

    public static final int ROLE_LENGTH = 50;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = SUBJECT_LENGTH)
    @Column(name = "subject", length = SUBJECT_LENGTH, nullable = false, updatable = false)
    private String subject;

    @NotBlank
    @Size(max = USERNAME_LENGTH)
    @Column(name = "username", length = USERNAME_LENGTH, nullable = false)
    private String username;

    @Size(max = DISPLAY_NAME_LENGTH)
    @Column(name = "display_name", length = DISPLAY_NAME_LENGTH)
    private String displayName;

    @Size(max = EMAIL_LENGTH)
    @Column(name = "email", length = EMAIL_LENGTH)
    private String email;

    // Eager because every screen that shows a person shows their roles; batched so a page of users
    // costs two queries, not one per user.
    @ElementCollection(fetch = FetchType.EAGER)
    @BatchSize(size = 100)
    @CollectionTable(name = "user_roles", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", length = ROLE_LENGTH, nullable = false)
    private Set<@NotBlank @Size(max = ROLE_LENGTH) String> roles = new HashSet<>();

    @NotNull
    @Column(name = "first_seen_at", nullable = false, updatable = false)
    private Instant firstSeenAt;

    @NotNull
    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    /** For JPA only. */
    protected UserAccount() {}

    /** A person seen for the first time, at {@code seenAt}. */
    public UserAccount(
            String subject,
            String username,
            String displayName,
            String email,
            Collection<String> roles,
            Instant seenAt) {
        this.subject = Text.required(subject, SUBJECT_LENGTH, "subject");
        this.firstSeenAt = Objects.requireNonNull(seenAt, "seenAt is null");
        this.lastSeenAt = seenAt;
        updateProfile(username, displayName, email, roles);
    }

    /**
     * The same person signed in again: the profile and roles become what the identity provider says
     * now, the last-seen time moves forward and the first-seen time stays.
     */
    public void signedInAgain(
            String username, String displayName, String email, Collection<String> roles, Instant seenAt) {
        Objects.requireNonNull(seenAt, "seenAt is null");
        updateProfile(username, displayName, email, roles);
        // A system clock stepped backwards must not move "last seen" into the past.
        if (seenAt.isAfter(lastSeenAt)) {
            lastSeenAt = seenAt;
        }
    }

    private void updateProfile(String username, String displayName, String email, Collection<String> roles) {
        this.username = Text.required(username, USERNAME_LENGTH, "username");
        // A display name is cosmetic: an overlong one is cut rather than refusing the sign-in.
        this.displayName = Text.clipped(displayName, DISPLAY_NAME_LENGTH);
        this.email = Text.optional(email, EMAIL_LENGTH, "email");
        Objects.requireNonNull(roles, "roles is null");
        Set<String> checked = new HashSet<>();
        for (String role : roles) {
            checked.add(Text.required(role, ROLE_LENGTH, "role"));
        }
        // Changed in place so Hibernate writes only the roles that were added or removed.
        this.roles.retainAll(checked);
        this.roles.addAll(checked);
    }

    /** The database id; {@code null} until the account is persisted. */
    public Long getId() {
        return id;
    }

    /** The OIDC subject ("sub" claim): stable for the life of the account, unlike the username. */
    public String getSubject() {
        return subject;
    }

    public String getUsername() {
        return username;
    }

    /** The full name from the identity provider, or {@code null} when it has none. */
    public String getDisplayName() {
        return displayName;
    }

    /** What to show for this person: the display name, or the username when there is none. */
    public String getShownName() {
        return displayName != null ? displayName : username;
    }

    /** The e-mail address, or {@code null} when the identity provider has none. */
    public String getEmail() {
        return email;
    }

    /** The portal role ids held at the last sign-in, sorted; a copy. */
    public SortedSet<String> getRoles() {
        return new TreeSet<>(roles);
    }

    public Instant getFirstSeenAt() {
        return firstSeenAt;
    }

    public Instant getLastSeenAt() {
        return lastSeenAt;
    }

    /** Two accounts are the same person when their subjects match (also for detached copies). */
    @Override
    public boolean equals(Object other) {
        return other instanceof UserAccount account && subject.equals(account.getSubject());
    }

    @Override
    public int hashCode() {
        return subject.hashCode();
    }

    @Override
    public String toString() {
        return "UserAccount[" + subject + ", " + username + "]";
    }
}
