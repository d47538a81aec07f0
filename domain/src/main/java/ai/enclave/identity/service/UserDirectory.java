/*
 * The portal's directory of people who signed in: records each sign-in (creating the account the
 * first time, refreshing it after), finds a person by OIDC subject and lists people for Admin -> Users.
 * It trusts its caller for who is signing in and which roles they hold (the security module maps the
 * identity provider's claims); it does not check permissions itself.
 */
package ai.enclave.identity.service;

import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.identity.domain.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class UserDirectory {

    /** Namespace of the advisory locks that serialise sign-ins of one subject (see recordSignIn). */
    private static final int SIGN_IN_LOCK_NAMESPACE = 0x5349474e; // "SIGN"

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected UserDirectory() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public UserDirectory(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Records that a person signed in now: creates their account on the first sign-in, otherwise
     * refreshes username, display name, e-mail and roles and moves "last seen" (never "first seen").
     *
     * @param roles the portal role ids they hold now (e.g. "admin", "employee"), replacing the old ones
     */
    public UserAccount recordSignIn(
            String subject, String username, String displayName, String email, Collection<String> roles) {
        Objects.requireNonNull(subject, "subject is null");
        Instant now = Timestamps.now(clock);
        // Two first sign-ins of one person at the same moment (two browser tabs) would both find no
        // account and both insert it; this transaction-scoped lock makes the second wait and find it.
        entityManager
                .createNativeQuery("select 1 from pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, SIGN_IN_LOCK_NAMESPACE)
                .setParameter(2, subject)
                .getSingleResult();
        Optional<UserAccount> existing = findBySubject(subject);
        if (existing.isPresent()) {
            existing.get().signedInAgain(username, displayName, email, roles, now);
            return existing.get();
        }
        UserAccount account = new UserAccount(subject, username, displayName, email, roles, now);
        entityManager.persist(account);
        return account;
    }

    public Optional<UserAccount> findBySubject(String subject) {
        Objects.requireNonNull(subject, "subject is null");
        return entityManager
                .createNamedQuery(UserAccount.BY_SUBJECT, UserAccount.class)
                .setParameter("subject", subject)
                .getResultStream()
                .findFirst();
    }

    /** One page of people, most recently seen first (ties by newest account), for a lazy grid. */
    public List<UserAccount> listUsers(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset " + offset + " and limit " + limit + " must be >= 0");
        }
        return entityManager
                .createQuery("select u from UserAccount u order by u.lastSeenAt desc, u.id desc", UserAccount.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long countUsers() {
        return entityManager
                .createQuery("select count(u) from UserAccount u", Long.class)
                .getSingleResult();
    }
}
