/*
 * An API key for the OpenAI-compatible API (table api_keys): whose it is, the name its owner gave it,
 * the first characters of the secret (so people can tell their keys apart), and a SHA-256 of the
 * secret. The secret itself is shown once when issued and never stored. A revoked key stays listed.
 */
package ai.enclave.apikey.domain;

import ai.enclave.common.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "api_keys")
public class ApiKey {

    public static final int OWNER_LENGTH = 255;
    public static final int NAME_LENGTH = 100;
    public static final int PREFIX_LENGTH = 16;
    public static final int SHA256_HEX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @NotBlank
    @Size(max = OWNER_LENGTH)
    @Column(name = "owner_subject", length = OWNER_LENGTH, nullable = false, updatable = false)
    private String ownerSubject;

    @NotBlank
    @Size(max = NAME_LENGTH)
    @Column(name = "name", length = NAME_LENGTH, nullable = false, updatable = false)
    private String name;

    @NotBlank
    @Size(max = PREFIX_LENGTH)
    @Column(name = "prefix", length = PREFIX_LENGTH, nullable = false, updatable = false)
    private String prefix;

    @NotBlank
    @Size(min = SHA256_HEX_LENGTH, max = SHA256_HEX_LENGTH)
    @Column(name = "secret_sha256", length = SHA256_HEX_LENGTH, nullable = false, updatable = false)
    private String secretSha256;

    @NotNull
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** For JPA only. */
    protected ApiKey() {}

    public ApiKey(String ownerSubject, String name, String prefix, String secretSha256, Instant createdAt) {
        this.ownerSubject = Text.required(ownerSubject, OWNER_LENGTH, "ownerSubject");
        this.name = Text.required(name, NAME_LENGTH, "name");
        this.prefix = Text.required(prefix, PREFIX_LENGTH, "prefix");
        if (secretSha256 == null || secretSha256.length() != SHA256_HEX_LENGTH) {
            throw new IllegalArgumentException("secretSha256 must be " + SHA256_HEX_LENGTH + " hex digits");
        }
        this.secretSha256 = secretSha256;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt is null");
    }

    /** The key was used to authenticate at {@code at}. */
    public void used(Instant at) {
        this.lastUsedAt = Objects.requireNonNull(at, "at is null");
    }

    /** Revoking twice keeps the first time. */
    public void revoked(Instant at) {
        if (revokedAt == null) {
            revokedAt = Objects.requireNonNull(at, "at is null");
        }
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** The database id; {@code null} until persisted. */
    public Long getId() {
        return id;
    }

    /** The OIDC subject of the person the key acts as. */
    public String getOwnerSubject() {
        return ownerSubject;
    }

    public String getName() {
        return name;
    }

    /** The first characters of the secret, e.g. "ek-3fZ9qQ1", shown in lists. */
    public String getPrefix() {
        return prefix;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When it last authenticated a request, or {@code null}. */
    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    /** When it was revoked, or {@code null} while it works. */
    public Instant getRevokedAt() {
        return revokedAt;
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + prefix + "…, " + name + "]";
    }
}
