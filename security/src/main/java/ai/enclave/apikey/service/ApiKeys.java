/*
 * API keys for the OpenAI-compatible API: issue one (the secret is returned once and only its SHA-256
 * is kept), list and revoke a person's keys, and authenticate a presented secret to its owner.
 * A SHA-256 without salt is enough here: the secrets are 238 random bits, not passwords, so there is
 * nothing to guess; and it lets authenticate find the key by an indexed equality lookup.
 */
package ai.enclave.apikey.service;

import ai.enclave.apikey.domain.ApiKey;
import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class ApiKeys {

    /** A newly issued key: the stored row and the secret, which exists nowhere else once shown. */
    public record IssuedKey(ApiKey key, String secret) {}

    /** Every secret starts so, which tells it apart from other tokens in a config file or a log. */
    public static final String SECRET_PREFIX = "ek-";

    static final int RANDOM_CHARS = 40;
    static final int SHOWN_PREFIX_LENGTH = 10;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final SecureRandom random = new SecureRandom();

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected ApiKeys() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public ApiKeys(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * A new key acting as {@code ownerSubject}: "ek-" and 40 random base62 characters.
     *
     * @throws IllegalArgumentException for a blank or too long name
     */
    public IssuedKey issue(String ownerSubject, String name) {
        StringBuilder secret = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            secret.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        String text = secret.toString();
        ApiKey key = new ApiKey(
                ownerSubject, name, text.substring(0, SHOWN_PREFIX_LENGTH), sha256Hex(text), Timestamps.now(clock));
        entityManager.persist(key);
        return new IssuedKey(key, text);
    }

    /** The person's keys, revoked ones included, newest first. */
    public List<ApiKey> of(String ownerSubject) {
        return entityManager
                .createQuery(
                        "select k from ApiKey k where k.ownerSubject = :owner order by k.createdAt desc, k.id desc",
                        ApiKey.class)
                .setParameter("owner", ownerSubject)
                .getResultList();
    }

    /**
     * Revokes one of the person's keys; revoking it again changes nothing.
     *
     * @throws NoSuchElementException when the key does not exist or is someone else's
     */
    public void revoke(long id, String ownerSubject) {
        ApiKey key = entityManager.find(ApiKey.class, id);
        if (key == null || !key.getOwnerSubject().equals(ownerSubject)) {
            throw new NoSuchElementException("no API key with id " + id);
        }
        key.revoked(Timestamps.now(clock));
    }

    /**
     * The owner's subject when the secret is a live key (and notes the use), else empty: unknown,
     * malformed and revoked secrets all look the same to the caller.
     */
    public Optional<String> authenticate(String presentedSecret) {
        if (presentedSecret == null || !presentedSecret.startsWith(SECRET_PREFIX)) {
            return Optional.empty();
        }
        Optional<ApiKey> key = entityManager
                .createQuery(
                        "select k from ApiKey k where k.secretSha256 = :hash and k.revokedAt is null", ApiKey.class)
                .setParameter("hash", sha256Hex(presentedSecret))
                .getResultStream()
                .findFirst();
        key.ifPresent(k -> k.used(Timestamps.now(clock)));
        return key.map(ApiKey::getOwnerSubject);
    }

    static String sha256Hex(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
